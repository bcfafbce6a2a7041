//! Graceful shutdown: a `CancellationToken` asks three workers to stop; each finishes the job
//! it is on and takes no new one; main waits for them at most one second, then aborts the
//! straggler.
use std::process::ExitCode;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::sync::CancellationToken;

/// One job in progress; says so if the job is dropped before it is done.
struct InFlight {
    worker: &'static str,
    job: usize,
    start: Instant,
    done: bool,
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if !self.done {
            let at = self.start.elapsed().as_millis();
            println!(
                "{at:>5} ms  worker {}: job {} cut off",
                self.worker, self.job
            );
        }
    }
}

// ANCHOR: worker
async fn worker(
    name: &'static str,
    jobs: Vec<u64>,
    shutdown: CancellationToken,
    start: Instant,
) {
    for (i, millis) in jobs.into_iter().enumerate() {
        let job = i + 1;
        if shutdown.is_cancelled() {
            println!("{:>5} ms  worker {name}: stops before job {job}", ms(start));
            return;
        }
        let mut in_flight = InFlight {
            worker: name,
            job,
            start,
            done: false,
        };
        sleep(Duration::from_millis(millis)).await; // the job's work
        in_flight.done = true;
        println!("{:>5} ms  worker {name}: job {job} done", ms(start));
    }
}
// ANCHOR_END: worker

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() -> ExitCode {
    let start = Instant::now();
    let shutdown = CancellationToken::new();
    let mut workers = JoinSet::new();
    for (name, jobs) in [
        ("A", vec![300, 300, 300, 300]),
        ("B", vec![250, 500, 250]),
        ("C", vec![200, 3_000]), // job 2 is the straggler
    ] {
        workers.spawn(worker(name, jobs, shutdown.clone(), start));
    }

    // Stands in for Ctrl-C (`tokio::signal::ctrl_c`): someone asks us to stop at 700 ms.
    let ask = shutdown.clone();
    tokio::spawn(async move {
        sleep(Duration::from_millis(700)).await;
        ask.cancel();
    });

    shutdown.cancelled().await;
    println!(
        "{:>5} ms  main: shutdown requested; waiting at most 1000 ms",
        ms(start)
    );
    let drained = timeout(Duration::from_millis(1_000), async {
        while workers.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        println!(
            "{:>5} ms  main: deadline passed, aborting {} worker(s)",
            ms(start),
            workers.len()
        );
        if timeout(Duration::from_secs(1), workers.shutdown())
            .await
            .is_err()
        {
            eprintln!("graceful-shutdown: a worker did not stop after abort()");
            return ExitCode::FAILURE;
        }
    }
    println!("{:>5} ms  main: every worker has stopped", ms(start));
    ExitCode::SUCCESS
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
