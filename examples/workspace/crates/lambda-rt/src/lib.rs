//! The Lambda Runtime API (functions) and Extensions API, std only.
//! https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
//! https://docs.aws.amazon.com/lambda/latest/dg/runtimes-extensions-api.html

use std::env;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process;

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
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
pub fn request(
    api: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<Response> {
    let mut stream = TcpStream::connect(api)?;
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {api}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
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
    let mut response = Response { status, headers: Vec::new(), body: Vec::new() };
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
            response.headers.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
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

/// A JSON string literal for `s`.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn api() -> String {
    env::var("AWS_LAMBDA_RUNTIME_API").unwrap_or_else(|_| {
        eprintln!("AWS_LAMBDA_RUNTIME_API is not set: run this binary inside Lambda");
        process::exit(2);
    })
}

fn expect(response: &Response, status: u16, what: &str) -> io::Result<()> {
    if response.status == status {
        Ok(())
    } else {
        Err(invalid(&format!("{what} answered {}", response.status)))
    }
}

/// Runs a function: each event (JSON text) goes to `handler`, whose JSON text is the response.
pub fn run(mut handler: impl FnMut(&str) -> String) -> ! {
    let api = api();
    let result: io::Result<()> = (|| loop {
        let next = request(&api, "GET", "/2018-06-01/runtime/invocation/next", &[], b"")?;
        expect(&next, 200, "invocation/next")?;
        let id = next
            .header("lambda-runtime-aws-request-id")
            .ok_or_else(|| invalid("no Lambda-Runtime-Aws-Request-Id header"))?
            .to_string();
        let body = handler(&String::from_utf8_lossy(&next.body));
        let path = format!("/2018-06-01/runtime/invocation/{id}/response");
        let posted = request(&api, "POST", &path, &[], body.as_bytes())?;
        expect(&posted, 202, "invocation response")?;
    })();
    if let Err(e) = result {
        eprintln!("runtime API error: {e}");
    }
    process::exit(1)
}

/// Runs an extension named `name` (its file name under /opt/extensions): registers for
/// INVOKE and SHUTDOWN, hands each event to `on_event`, and exits on SHUTDOWN.
pub fn extension(name: &str, mut on_event: impl FnMut(&str)) -> ! {
    let api = api();
    let result: io::Result<()> = (|| {
        let registered = request(
            &api,
            "POST",
            "/2020-01-01/extension/register",
            &[("Lambda-Extension-Name", name)],
            br#"{"events":["INVOKE","SHUTDOWN"]}"#,
        )?;
        expect(&registered, 200, "extension/register")?;
        let id = registered
            .header("lambda-extension-identifier")
            .ok_or_else(|| invalid("no Lambda-Extension-Identifier header"))?
            .to_string();
        loop {
            let next = request(
                &api,
                "GET",
                "/2020-01-01/extension/event/next",
                &[("Lambda-Extension-Identifier", &id)],
                b"",
            )?;
            expect(&next, 200, "extension/event/next")?;
            let event = String::from_utf8_lossy(&next.body);
            on_event(&event);
            if event.contains("\"SHUTDOWN\"") {
                return Ok(());
            }
        }
    })();
    match result {
        Ok(()) => process::exit(0),
        Err(e) => {
            eprintln!("extensions API error: {e}");
            process::exit(1)
        }
    }
}
