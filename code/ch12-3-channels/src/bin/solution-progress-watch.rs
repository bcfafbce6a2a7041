//! Exercise 12-8: a progress bar fed by a `watch` channel. The worker publishes how many chunks
//! it has done and never waits for the display; the display redraws at most once per period,
//! always with the latest count, and draws the final count before it stops.
use std::process::ExitCode;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::{Instant, sleep, timeout};

const CHUNKS: u32 = 10;

/// Does `CHUNKS` chunks of work (30 ms each, on tokio's paused clock), publishing each count.
async fn worker(progress: watch::Sender<u32>) {
    for done in 1..=CHUNKS {
        sleep(Duration::from_millis(30)).await;
        progress.send_replace(done); // never waits, and works even with no display watching
    }
}

/// Draws the latest count each time it changes, at most once per `period`; stops when the
/// worker is gone and the last count has been drawn.
async fn display(
    mut progress: watch::Receiver<u32>,
    start: Instant,
    period: Duration,
) -> u32 {
    let mut drawn = 0;
    while progress.changed().await.is_ok() {
        let done = *progress.borrow_and_update();
        let bar: String = (0..CHUNKS)
            .map(|i| if i < done { '#' } else { '.' })
            .collect();
        println!(
            "{:>4} ms  [{bar}] {done}/{CHUNKS}",
            start.elapsed().as_millis()
        );
        drawn += 1;
        sleep(period).await;
    }
    drawn
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> ExitCode {
    let start = Instant::now();
    let (progress, seen) = watch::channel(0);
    let screen = tokio::spawn(display(seen, start, Duration::from_millis(100)));
    worker(progress).await; // returning drops the Sender: the display's last `changed()` fails
    match timeout(Duration::from_secs(1), screen).await {
        Ok(Ok(drawn)) => {
            println!("{CHUNKS} updates sent, {drawn} drawn");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("solution-progress-watch: the display did not finish");
            ExitCode::FAILURE
        }
    }
}
