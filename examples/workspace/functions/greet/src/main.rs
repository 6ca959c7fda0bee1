//! Greets whoever the event names: `{"name": "Ada"}` -> `{"greeting": "Hello, Ada!"}`.

fn name_of(event: &str) -> &str {
    // A tiny look-up instead of a JSON parser, to stay dependency-free.
    let Some(at) = event.find("\"name\"") else { return "world" };
    let rest = event[at + 6..].trim_start().trim_start_matches(':').trim_start();
    rest.strip_prefix('"')
        .and_then(|s| s.split('"').next())
        .filter(|s| !s.is_empty())
        .unwrap_or("world")
}

fn main() {
    lambda_rt::run(|event| {
        let greeting = format!("Hello, {}!", name_of(event));
        format!("{{\"greeting\":{}}}", lambda_rt::json_string(&greeting))
    });
}
