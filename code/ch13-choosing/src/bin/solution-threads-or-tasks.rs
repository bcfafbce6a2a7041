//! Exercise 13-2: the same N waits of 20 ms, on N threads and as N tasks on one thread, timed.
//! Usage: solution-threads-or-tasks [N]...   (default 10 100)
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_millis(20);

// ANCHOR: main
fn with_threads(n: usize) -> Duration {
    let start = Instant::now();
    let (done, finished) = mpsc::channel();
    for _ in 0..n {
        let done = done.clone();
        thread::spawn(move || {
            thread::sleep(WAIT);
            let _ = done.send(());
        });
    }
    for _ in 0..n {
        finished
            .recv_timeout(Duration::from_secs(30))
            .expect("a thread did not finish");
    }
    start.elapsed()
}

fn with_tasks(n: usize) -> Duration {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    let start = Instant::now();
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..n {
            tasks.spawn(tokio::time::sleep(WAIT));
        }
        while tasks.join_next().await.is_some() {}
    });
    start.elapsed()
}

fn main() -> ExitCode {
    let Some(counts) = counts() else {
        eprintln!(
            "usage: solution-threads-or-tasks [N]...   (whole numbers from 1 to 5000)"
        );
        return ExitCode::from(2);
    };
    println!("{:>6}  {:>10}  {:>10}", "waits", "threads", "tasks");
    for n in counts {
        let (threads, tasks) = (with_threads(n), with_tasks(n));
        println!("{n:>6}  {:>7.1} ms  {:>7.1} ms", ms(threads), ms(tasks));
    }
    println!("(each wait is {} ms)", WAIT.as_millis());
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}
// ANCHOR_END: main

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Kept under 5,000 so the threads stay far below every limit (see chapter 11).
fn counts() -> Option<Vec<usize>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Some(vec![10, 100]);
    }
    args.iter()
        .map(|a| a.parse().ok().filter(|n| (1..=5000).contains(n)))
        .collect()
}
