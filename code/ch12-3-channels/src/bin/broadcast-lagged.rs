//! A `broadcast` channel: every subscriber receives every value, as long as it keeps up. One that
//! falls more than the channel's capacity behind loses the oldest values and is told how many.
use std::time::Duration;

use tokio::sync::broadcast::{self, Receiver, error::RecvError};
use tokio::time::{Instant, sleep, timeout};

// ANCHOR: subscriber
/// Receives until the channel closes, reporting each value and each gap.
async fn subscriber(
    name: &str,
    mut news: Receiver<u32>,
    start: Instant,
    delay: Duration,
) {
    sleep(delay).await; // a slow subscriber starts reading late
    loop {
        match news.recv().await {
            Ok(value) => println!("{:>4} ms  {name}: {value}", ms(start)),
            Err(RecvError::Lagged(missed)) => {
                println!(
                    "{:>4} ms  {name}: Lagged({missed}), the oldest values are gone",
                    ms(start)
                )
            }
            Err(RecvError::Closed) => {
                println!("{:>4} ms  {name}: Closed", ms(start));
                return;
            }
        }
    }
}
// ANCHOR_END: subscriber

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (news, fast_rx) = broadcast::channel(4);
    let slow_rx = news.subscribe();
    let fast = tokio::spawn(subscriber("fast", fast_rx, start, Duration::ZERO));
    let slow = tokio::spawn(subscriber(
        "slow",
        slow_rx,
        start,
        Duration::from_millis(100),
    ));

    for value in 1..=6 {
        sleep(Duration::from_millis(10)).await;
        match news.send(value) {
            Ok(receivers) => {
                println!("{:>4} ms  sent {value} to {receivers} receivers", ms(start))
            }
            Err(_) => println!("{:>4} ms  sent {value} to nobody", ms(start)),
        }
    }
    drop(news); // the only Sender: the channel closes once the subscribers have read what is left

    for task in [fast, slow] {
        let _ = timeout(Duration::from_secs(1), task).await;
    }
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
