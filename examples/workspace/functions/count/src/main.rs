//! Counts the invocations a warm execution environment has served.

fn main() {
    let mut count: u64 = 0;
    lambda_rt::run(move |_event| {
        count += 1;
        format!("{{\"count\":{count}}}")
    });
}
