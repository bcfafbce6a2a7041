//! The same loop as select-loses-message.rs, fixed: the raced future is only `recv()`, which
//! tokio documents as cancel safe, and the lookup runs in the branch's handler, which no other
//! branch can cancel.
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

/// Looks an order up (30 ms, standing in for a query).
async fn look_up(order: u32) -> u32 {
    sleep(Duration::from_millis(30)).await;
    order
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel(16);
    tokio::spawn(produce(tx));

    let mut tick = interval(Duration::from_millis(50));
    let mut received = Vec::new();
    loop {
        tokio::select! {
            biased; // branches polled top to bottom: the same winner on every run
            _ = tick.tick() => {
                println!("{:>4} ms  tick: {} orders so far", ms(start), received.len());
            }
            order = rx.recv() => match order {
                Some(order) => {
                    let order = look_up(order).await;
                    println!("{:>4} ms  order {order}", ms(start));
                    received.push(order);
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
