//! Greets whoever the event names: `{"name": "world"}` answers `{"message": "Hello, world!"}`,
//! and an event with no name answers `{"message": "Hello, stranger!"}`.

use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde::{Deserialize, Serialize};

/// The event: any JSON object; only `name` is read.
#[derive(Debug, Default, Deserialize)]
struct Request {
    #[serde(default)]
    name: Option<String>,
}

#[derive(Debug, PartialEq, Serialize)]
struct Response {
    message: String,
}

fn greet(request: &Request) -> Response {
    let name = match request.name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => name,
        _ => "stranger",
    };
    Response { message: format!("Hello, {name}!") }
}

async fn handler(event: LambdaEvent<Request>) -> Result<Response, Error> {
    Ok(greet(&event.payload))
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(handler)).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use lambda_runtime::Context;

    fn request(json: &str) -> Request {
        serde_json::from_str(json).expect("a valid event")
    }

    #[test]
    fn greets_the_name_it_is_given() {
        assert_eq!(greet(&request(r#"{"name":"world"}"#)).message, "Hello, world!");
    }

    #[test]
    fn greets_a_stranger_when_no_name_is_given() {
        assert_eq!(greet(&request("{}")).message, "Hello, stranger!");
        assert_eq!(greet(&request(r#"{"name":null}"#)).message, "Hello, stranger!");
        assert_eq!(greet(&request(r#"{"name":"  "}"#)).message, "Hello, stranger!");
    }

    #[test]
    fn ignores_other_fields() {
        assert_eq!(greet(&request(r#"{"name":"Ada","age":36}"#)).message, "Hello, Ada!");
    }

    #[tokio::test]
    async fn the_handler_answers_json_with_the_message() {
        let event = LambdaEvent::new(request(r#"{"name":"world"}"#), Context::default());
        let response = handler(event).await.expect("no error");
        assert_eq!(serde_json::to_string(&response).unwrap(), r#"{"message":"Hello, world!"}"#);
    }
}
