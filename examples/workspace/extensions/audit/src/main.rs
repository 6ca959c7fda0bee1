//! An external extension: it registers for INVOKE and SHUTDOWN events and writes one line per
//! event to the function's log (Lambda sends an extension's stdout to CloudWatch Logs).

use std::sync::atomic::{AtomicU64, Ordering};

use lambda_extension::{service_fn, Error, LambdaEvent, NextEvent};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let seen = &*Box::leak(Box::new(AtomicU64::new(0)));
    lambda_extension::run(service_fn(move |event: LambdaEvent| async move {
        match event.next {
            NextEvent::Invoke(invoke) => {
                let n = seen.fetch_add(1, Ordering::Relaxed) + 1;
                println!("audit: invocation {n}: request {}", invoke.request_id);
            }
            NextEvent::Shutdown(shutdown) => {
                println!(
                    "audit: shutdown ({}) after {} invocations",
                    shutdown.shutdown_reason,
                    seen.load(Ordering::Relaxed)
                );
            }
        }
        Ok::<(), Error>(())
    }))
    .await
}
