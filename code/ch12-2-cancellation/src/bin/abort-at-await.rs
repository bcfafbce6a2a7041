//! `JoinHandle::abort` stops a spawned task at the `.await` it is parked at; awaiting the
//! handle then gives a `JoinError` whose `is_cancelled()` is true.
use std::time::Duration;

use tokio::time::{Instant, sleep};

/// Says when it is dropped, so the output shows that the task's locals were cleaned up.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("  the task's Guard dropped");
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let ticker = tokio::spawn(async move {
        let _guard = Guard;
        for tick in 1..=10 {
            println!("{:>4} ms  ticker: tick {tick}", ms(start));
            sleep(Duration::from_millis(100)).await;
        }
        "all ten ticks"
    });

    sleep(Duration::from_millis(250)).await;
    println!("{:>4} ms  main: abort()", ms(start));
    ticker.abort();
    match ticker.await {
        Ok(done) => println!("{:>4} ms  main: the task finished: {done}", ms(start)),
        Err(e) => println!(
            "{:>4} ms  main: JoinError, is_cancelled() = {}",
            ms(start),
            e.is_cancelled()
        ),
    }
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
