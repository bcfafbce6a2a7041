//! Cancelling a future is dropping it: `timeout` gives up on a future parked at its second
//! `.await`, the code after that `.await` never runs, and the value it held is dropped there.
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
/// Says when it is dropped, so the output shows where the future stopped.
struct Cup(&'static str);

impl Drop for Cup {
    fn drop(&mut self) {
        println!("  Cup({}) dropped", self.0);
    }
}

async fn brew(start: Instant) -> &'static str {
    let cup = Cup("tea");
    println!("{:>4} ms  brew: boiling the water", ms(start));
    sleep(Duration::from_millis(100)).await;
    println!("{:>4} ms  brew: steeping {}", ms(start), cup.0);
    sleep(Duration::from_millis(300)).await;
    println!("{:>4} ms  brew: served", ms(start));
    "a cup of tea"
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let result = timeout(Duration::from_millis(250), brew(start)).await;
    println!("{:>4} ms  main: {result:?}", ms(start));
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
