//! Greets whoever the event names: `{"name": "Ada"}` answers `{"greeting": "Hello, Ada!"}`.

use greeting::{greeting, Named};
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde::Serialize;

#[derive(Serialize)]
struct Greeting {
    greeting: String,
}

async fn handler(event: LambdaEvent<Named>) -> Result<Greeting, Error> {
    Ok(Greeting { greeting: greeting(&event.payload) })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}
