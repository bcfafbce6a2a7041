//! Exercise 12-6's solution: a server-like loop that stops accepting when a token is
//! cancelled, lets the requests in flight finish for up to 500 ms, then cancels the rest with a
//! second token and reports each request's fate.
use std::process::ExitCode;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How long each request takes to handle, in ms: request 1 takes 150 ms, and so on.
const WORK: [u64; 8] = [150, 900, 250, 700, 100, 100, 100, 100];

/// Stands in for clients connecting: request n arrives at n × 100 ms, until one is refused.
async fn clients(requests: mpsc::Sender<usize>, start: Instant) {
    for id in 1..=WORK.len() {
        sleep(Duration::from_millis(100)).await;
        if requests.send(id).await.is_err() {
            println!(
                "{:>5} ms  request {id}: refused, the server no longer accepts",
                ms(start)
            );
            return;
        }
    }
}

async fn handle(id: usize, deadline: CancellationToken, start: Instant) {
    let work = sleep(Duration::from_millis(WORK[id - 1]));
    match deadline.run_until_cancelled(work).await {
        Some(()) => println!("{:>5} ms  request {id}: done", ms(start)),
        None => println!("{:>5} ms  request {id}: dropped at the deadline", ms(start)),
    }
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> ExitCode {
    let start = Instant::now();
    let shutdown = CancellationToken::new();
    let deadline = CancellationToken::new();
    let (requests, mut incoming) = mpsc::channel(4);
    tokio::spawn(clients(requests, start));
    let ask = shutdown.clone();
    tokio::spawn(async move {
        sleep(Duration::from_millis(450)).await; // stands in for Ctrl-C
        ask.cancel();
    });

    let in_flight = TaskTracker::new();
    loop {
        tokio::select! {
            biased;
            _ = shutdown.cancelled() => break,
            request = incoming.recv() => match request {
                Some(id) => {
                    println!("{:>5} ms  request {id}: accepted", ms(start));
                    in_flight.spawn(handle(id, deadline.clone(), start));
                }
                None => break,
            },
        }
    }
    drop(incoming);
    in_flight.close();
    println!(
        "{:>5} ms  main: stopped accepting; {} in flight",
        ms(start),
        in_flight.len()
    );

    if timeout(Duration::from_millis(500), in_flight.wait())
        .await
        .is_err()
    {
        println!(
            "{:>5} ms  main: deadline passed; cancelling {}",
            ms(start),
            in_flight.len()
        );
        deadline.cancel();
        if timeout(Duration::from_secs(1), in_flight.wait())
            .await
            .is_err()
        {
            eprintln!("solution-shutdown-deadline: a request ignored the deadline");
            return ExitCode::FAILURE;
        }
    }
    println!("{:>5} ms  main: shut down", ms(start));
    ExitCode::SUCCESS
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
