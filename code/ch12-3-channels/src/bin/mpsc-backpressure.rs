//! A bounded `tokio::sync::mpsc` channel: a fast producer waits in `send().await` whenever the
//! buffer is full, so it goes at the slow consumer's pace; and `recv()` returns `None` only once
//! every `Sender` is gone and the buffer is empty.
use std::time::Duration;

use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::time::{Instant, sleep};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (tx, mut rx) = mpsc::channel::<u32>(2);

    tokio::spawn(async move {
        for order in 1..=5 {
            match tx.try_send(order) {
                Ok(()) => {}
                Err(TrySendError::Full(order)) => {
                    println!(
                        "{:>4} ms  producer: buffer full, waiting to send {order}",
                        ms(start)
                    );
                    if tx.send(order).await.is_err() {
                        return; // the consumer is gone
                    }
                }
                Err(TrySendError::Closed(_)) => return,
            }
            println!(
                "{:>4} ms  producer: sent {order} (room left: {})",
                ms(start),
                tx.capacity()
            );
        }
        println!("{:>4} ms  producer: done; its Sender is dropped", ms(start));
    });

    loop {
        sleep(Duration::from_millis(100)).await; // the consumer is busy before each order it takes
        match rx.recv().await {
            Some(order) => println!("{:>4} ms  consumer: took {order}", ms(start)),
            None => {
                println!("{:>4} ms  consumer: recv() returned None", ms(start));
                break;
            }
        }
    }
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
