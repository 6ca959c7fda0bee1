//! A Lambda extension that logs every invocation it is told about, and stops on SHUTDOWN.

fn main() {
    lambda_rt::extension("audit", |event| {
        eprintln!("[audit] {event}");
    });
}
