//! Counts the invocations its warm execution environment has served, and who sent the last one:
//! `{"name": "Ada"}` answers `{"count": 1, "from": "Ada"}`, then `{"count": 2, ...}`.

use std::sync::atomic::{AtomicU64, Ordering};

use greeting::Named;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use serde::Serialize;

#[derive(Serialize)]
struct Count {
    count: u64,
    from: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let served = &*Box::leak(Box::new(AtomicU64::new(0)));
    lambda_runtime::run(service_fn(move |event: LambdaEvent<Named>| async move {
        let count = served.fetch_add(1, Ordering::Relaxed) + 1;
        Ok::<_, Error>(Count { count, from: event.payload.display_name().to_owned() })
    }))
    .await
}
