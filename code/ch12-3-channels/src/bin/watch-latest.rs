//! A `watch` channel keeps only the latest value. A reader that is busy while the value changes
//! several times sees the last change only, and `changed()` tells it there was one.
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep, timeout};

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let (setting, mut seen) = watch::channel(0_u32);

    let reader = tokio::spawn(async move {
        loop {
            let value = *seen.borrow_and_update(); // read it, and mark it seen
            println!("{:>4} ms  reader: works with setting {value}", ms(start));
            sleep(Duration::from_millis(35)).await; // busy: the setting may change meanwhile
            if seen.changed().await.is_err() {
                println!("{:>4} ms  reader: the Sender is gone", ms(start));
                return;
            }
        }
    });

    for value in 1..=6 {
        sleep(Duration::from_millis(10)).await;
        if setting.send(value).is_err() {
            break; // the reader is gone
        }
        println!("{:>4} ms  writer: setting = {value}", ms(start));
    }
    drop(setting);
    let _ = timeout(Duration::from_secs(1), reader).await;
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
