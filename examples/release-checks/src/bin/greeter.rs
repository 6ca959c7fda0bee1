//! Greets with the greeting its configuration gives: `GREETING=Hello` and `{"name": "world"}`
//! answer `{"message": "Hello, world!"}`. Without the `GREETING` environment variable every
//! invocation fails, as a function does whose deploy forgot a setting.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
struct Request {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, Serialize)]
struct Response {
    message: String,
}

async fn handler(event: LambdaEvent<Request>) -> Result<Response, Error> {
    let greeting = std::env::var("GREETING")
        .map_err(|_| "the GREETING environment variable is not set")?;
    let name = event.payload.name.unwrap_or_else(|| "stranger".into());
    Ok(Response { message: format!("{greeting}, {name}!") })
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}
