//! A release gone wrong: the handler panics on every invocation.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
struct Request {}

async fn handler(_event: LambdaEvent<Request>) -> Result<String, Error> {
    let settings: Vec<&str> = Vec::new();
    // Index out of bounds: the kind of bug a unit test missed.
    Ok(settings[0].to_string())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}
