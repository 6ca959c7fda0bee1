//! An HTTP function behind API Gateway or a function URL: `POST /comment` and `POST /contact`
//! answer 200, anything else 404. The routes are a `tower::Service`, which is what
//! `lambda_http::run` drives: it turns each API Gateway / function URL event into an
//! `http::Request` and our `http::Response` back into the event's response.

use std::future::{ready, Ready};
use std::task::{Context, Poll};

use lambda_http::http::{Method, StatusCode};
use lambda_http::{Body, Error, Request, Response};
use tower::Service;

/// What a route answers: its status and a JSON body.
fn route(method: &Method, path: &str) -> (StatusCode, &'static str) {
    match (method, path.trim_end_matches('/')) {
        (&Method::POST, "/comment") => (StatusCode::OK, r#"{"received":"comment"}"#),
        (&Method::POST, "/contact") => (StatusCode::OK, r#"{"received":"contact"}"#),
        _ => (StatusCode::NOT_FOUND, r#"{"error":"not found"}"#),
    }
}

/// The function's routes, as the `tower::Service` the runtime calls once per event.
#[derive(Clone, Copy, Debug, Default)]
struct Routes;

impl Service<Request> for Routes {
    type Response = Response<Body>;
    type Error = Error;
    type Future = Ready<Result<Response<Body>, Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request) -> Self::Future {
        let (status, body) = route(request.method(), request.uri().path());
        ready(
            Response::builder()
                .status(status)
                .header("content-type", "application/json")
                .body(Body::from(body))
                .map_err(Error::from),
        )
    }
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    lambda_http::run(Routes).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// An API Gateway HTTP API (payload 2.0) event, as a function URL also sends it.
    fn event(method: &str, path: &str) -> Request {
        let event = json!({
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": path,
            "rawQueryString": "",
            "headers": { "content-type": "application/json", "host": "example.lambda-url.on.aws" },
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "api",
                "domainName": "example.lambda-url.on.aws",
                "domainPrefix": "example",
                "http": { "method": method, "path": path, "protocol": "HTTP/1.1",
                          "sourceIp": "127.0.0.1", "userAgent": "test" },
                "requestId": "id",
                "routeKey": "$default",
                "stage": "$default",
                "time": "30/Nov/2026:08:00:00 +0000",
                "timeEpoch": 1796025600000u64
            },
            "body": "{\"text\":\"hi\"}",
            "isBase64Encoded": false
        });
        lambda_http::request::from_str(&event.to_string()).expect("an HTTP API event")
    }

    fn status(method: &str, path: &str) -> StatusCode {
        let response = Routes.call(event(method, path)).into_inner().expect("a response");
        response.status()
    }

    #[test]
    fn post_comment_and_contact_answer_200() {
        assert_eq!(status("POST", "/comment"), StatusCode::OK);
        assert_eq!(status("POST", "/contact"), StatusCode::OK);
        assert_eq!(status("POST", "/contact/"), StatusCode::OK);
    }

    #[test]
    fn anything_else_answers_404() {
        assert_eq!(status("GET", "/comment"), StatusCode::NOT_FOUND);
        assert_eq!(status("POST", "/"), StatusCode::NOT_FOUND);
        assert_eq!(status("POST", "/comments"), StatusCode::NOT_FOUND);
        assert_eq!(status("DELETE", "/contact"), StatusCode::NOT_FOUND);
    }

    #[test]
    fn answers_json() {
        let response = Routes.call(event("POST", "/comment")).into_inner().unwrap();
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.body(), &Body::from(r#"{"received":"comment"}"#));
    }
}
