//! Resident memory per sleeping tokio task, beside the same for sleeping threads.
//! Usage: task-memory [TASKS]...   (counts in increasing order; default 1000)
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Threads measured for comparison (kept small: chapter 11 measures threads at scale).
const THREADS: usize = 1_000;

// ANCHOR: tasks
/// Resident memory of this process, in bytes (the `VmRSS` line of /proc/self/status).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

async fn measure_tasks(counts: &[usize]) -> u64 {
    let before = resident_bytes().unwrap();
    let started = Arc::new(AtomicUsize::new(0));
    let mut tasks = Vec::new();
    let mut per_task = 0;
    for &count in counts {
        while tasks.len() < count {
            let started = started.clone();
            tasks.push(tokio::spawn(async move {
                started.fetch_add(1, Ordering::Relaxed);
                // Far longer than the program lives, like the threads of seed 002's threadmem.
                tokio::time::sleep(Duration::from_secs(600)).await;
            }));
        }
        // Give the runtime's one thread to the new tasks until each sleeps at its `.await`.
        while started.load(Ordering::Relaxed) < count {
            tokio::task::yield_now().await;
        }
        let grown = resident_bytes().unwrap().saturating_sub(before);
        per_task = grown / count as u64;
        println!(
            "{count:>7} sleeping tasks:   {:>8.1} MiB more resident, {:>6} bytes per task",
            grown as f64 / 1048576.0,
            grown / count as u64
        );
    }
    // Dropping the runtime (in main) cancels the sleeping tasks and frees them.
    per_task
}
// ANCHOR_END: tasks

// ANCHOR: threads
fn measure_threads(count: usize) -> u64 {
    let before = resident_bytes().unwrap();
    let (ready, started) = mpsc::channel();
    let mut threads = Vec::new();
    for _ in 0..count {
        let (hang_up, wait) = mpsc::channel::<()>();
        let ready = ready.clone();
        let thread = thread::spawn(move || {
            ready.send(()).unwrap();
            // Sleep until main hangs up (bounded: at most 10 s).
            let _ = wait.recv_timeout(Duration::from_secs(10));
        });
        threads.push((hang_up, thread));
    }
    for _ in 0..count {
        started
            .recv_timeout(Duration::from_secs(10))
            .expect("a thread did not start");
    }
    let grown = resident_bytes().unwrap().saturating_sub(before);
    println!(
        "{count:>7} sleeping threads: {:>8.1} MiB more resident, {:>6} bytes per thread",
        grown as f64 / 1048576.0,
        grown / count as u64
    );
    for (hang_up, thread) in threads {
        drop(hang_up);
        thread.join().unwrap();
    }
    grown / count as u64
}
// ANCHOR_END: threads

// ANCHOR: main
fn main() -> ExitCode {
    let Some(counts) = task_counts() else {
        eprintln!(
            "usage: task-memory [TASKS]...   (positive whole numbers, in increasing order)"
        );
        return ExitCode::from(2);
    };
    if resident_bytes().is_none() {
        println!(
            "task-memory: this system has no /proc/self/status (it is Linux-only); nothing measured"
        );
        return ExitCode::SUCCESS;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    let per_task = runtime.block_on(measure_tasks(&counts));
    drop(runtime);
    let per_thread = measure_threads(THREADS.min(counts[0]));
    println!(
        "one sleeping thread costs as much resident memory as {:.0} sleeping tasks",
        per_thread as f64 / per_task.max(1) as f64
    );
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}
// ANCHOR_END: main

/// The counts on the command line, each above the last; `[1000]` without any.
fn task_counts() -> Option<Vec<usize>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Some(vec![1000]);
    }
    let counts: Vec<usize> = args
        .iter()
        .map(|a| a.parse().ok().filter(|&n| n > 0 && n <= 10_000_000))
        .collect::<Option<_>>()?;
    counts.windows(2).all(|w| w[0] < w[1]).then_some(counts)
}
