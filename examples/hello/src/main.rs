//! A Lambda function with no dependencies: it speaks the Lambda Runtime API
//! (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html) over a plain TcpStream,
//! so it builds offline and online alike. Real functions would use the `lambda_runtime` crate.

use std::env;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process;

const API_VERSION: &str = "2018-06-01";

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_string())
}

/// One HTTP/1.1 exchange on a fresh connection (`Connection: close`).
fn request(api: &str, method: &str, path: &str, body: &[u8]) -> io::Result<Response> {
    let mut stream = TcpStream::connect(api)?;
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {api}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;

    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("bad HTTP status line"))?;
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            break;
        }
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        if let Some((k, v)) = trimmed.split_once(':') {
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let mut response = Response { status, headers, body: Vec::new() };
    let chunked = response
        .header("transfer-encoding")
        .map_or(false, |v| v.eq_ignore_ascii_case("chunked"));
    if chunked {
        loop {
            line.clear();
            reader.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16)
                .map_err(|_| invalid("bad chunk size"))?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            response.body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(len) = response.header("content-length").and_then(|v| v.parse().ok()) {
        response.body.resize(len, 0);
        reader.read_exact(&mut response.body)?;
    } else {
        reader.read_to_end(&mut response.body)?;
    }
    Ok(response)
}

/// The function itself: greets and echoes the event (Lambda events are JSON).
fn handle(event: &str, invocation: u64) -> String {
    let event = if event.trim().is_empty() { "null" } else { event.trim() };
    format!(
        "{{\"message\":\"Hello from Rust on Lambda\",\"arch\":\"{}\",\"invocation\":{},\"event\":{}}}",
        env::consts::ARCH,
        invocation,
        event
    )
}

fn run(api: &str) -> io::Result<()> {
    let mut invocation = 0;
    loop {
        let next = request(api, "GET", &format!("/{API_VERSION}/runtime/invocation/next"), b"")?;
        if next.status != 200 {
            return Err(invalid(&format!("invocation/next answered {}", next.status)));
        }
        let id = next
            .header("lambda-runtime-aws-request-id")
            .ok_or_else(|| invalid("no Lambda-Runtime-Aws-Request-Id header"))?
            .to_string();
        invocation += 1;
        let body = handle(&String::from_utf8_lossy(&next.body), invocation);
        let path = format!("/{API_VERSION}/runtime/invocation/{id}/response");
        let posted = request(api, "POST", &path, body.as_bytes())?;
        if posted.status != 202 {
            return Err(invalid(&format!("invocation response answered {}", posted.status)));
        }
    }
}

fn main() {
    let api = match env::var("AWS_LAMBDA_RUNTIME_API") {
        Ok(api) => api,
        Err(_) => {
            eprintln!("AWS_LAMBDA_RUNTIME_API is not set: run this binary as a Lambda function");
            process::exit(2);
        }
    };
    if let Err(e) = run(&api) {
        eprintln!("runtime API error: {e}");
        process::exit(1);
    }
}
