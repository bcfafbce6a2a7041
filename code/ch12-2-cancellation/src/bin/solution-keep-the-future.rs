//! Exercise 12-5's solution: Listing 12-27's loop loses nothing, and its ticks stay on time,
//! because the one `next_order` future lives across the loop's turns instead of being
//! dropped and made again each time the tick wins.
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, interval, sleep};

const ORDERS: u32 = 10;

/// Sends orders 1 to 10, one every 20 ms, then closes the channel.
async fn produce(tx: mpsc::Sender<u32>) {
    for order in 1..=ORDERS {
        sleep(Duration::from_millis(20)).await;
        if tx.send(order).await.is_err() {
            return;
        }
    }
}

// ANCHOR: next
/// Takes the next order out of the channel and looks it up (30 ms); owns the receiver while it
/// works and hands it back, so a new `next_order` can be made from it.
async fn next_order(mut rx: mpsc::Receiver<u32>) -> (Option<u32>, mpsc::Receiver<u32>) {
    let Some(order) = rx.recv().await else {
        return (None, rx);
    };
    sleep(Duration::from_millis(30)).await;
    (Some(order), rx)
}
// ANCHOR_END: next

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, rx) = mpsc::channel(16);
    tokio::spawn(produce(tx));

    let next = next_order(rx);
    tokio::pin!(next);
    let mut tick = interval(Duration::from_millis(50));
    let mut received = Vec::new();
    loop {
        tokio::select! {
            biased; // branches polled top to bottom: the same winner on every run
            _ = tick.tick() => {
                println!("{:>4} ms  tick: {} orders so far", ms(start), received.len());
            }
            (order, rx) = &mut next => match order {
                Some(order) => {
                    println!("{:>4} ms  order {order}", ms(start));
                    received.push(order);
                    next.set(next_order(rx));
                }
                None => break,
            },
        }
    }
    let lost: Vec<u32> = (1..=ORDERS).filter(|o| !received.contains(o)).collect();
    println!(
        "received {} of {ORDERS} orders; lost: {lost:?}",
        received.len()
    );
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
