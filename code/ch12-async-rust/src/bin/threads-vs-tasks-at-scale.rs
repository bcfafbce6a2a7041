//! Seed 002's ">5,000 threads" question, measured: N units that each wait the same short time,
//! as N threads and as N tasks on one thread, for growing N.
//! Usage: threads-vs-tasks-at-scale [N]...   (counts in increasing order; default 100 1000)
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What every unit does: wait this long, then report that it is done.
const WAIT: Duration = Duration::from_millis(100);

// ANCHOR: threads
/// Starts `n` threads that each sleep for `WAIT`; returns the wall time until all are joined.
fn with_threads(n: usize) -> Result<Duration, String> {
    let start = Instant::now();
    let (done, finished) = mpsc::channel();
    let mut threads = Vec::with_capacity(n);
    for _ in 0..n {
        let done = done.clone();
        let thread = thread::Builder::new()
            .spawn(move || {
                thread::sleep(WAIT);
                let _ = done.send(());
            })
            .map_err(|e| {
                format!("thread {} of {n} did not start: {e}", threads.len() + 1)
            })?;
        threads.push(thread);
    }
    for _ in 0..n {
        finished
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| "a thread did not finish within 30 s".to_string())?;
    }
    for thread in threads {
        thread.join().map_err(|_| "a thread panicked".to_string())?;
    }
    Ok(start.elapsed())
}
// ANCHOR_END: threads

// ANCHOR: tasks
/// Spawns `n` tasks on a one-thread runtime that each sleep for `WAIT`; returns the wall time
/// until all are joined.
fn with_tasks(n: usize) -> Duration {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("cannot build a tokio runtime");
    let start = Instant::now();
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..n {
            tasks.spawn(tokio::time::sleep(WAIT));
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a sleeping task panicked");
        }
    });
    start.elapsed()
}
// ANCHOR_END: tasks

// ANCHOR: main
fn main() -> ExitCode {
    let counts = match counts() {
        Ok(counts) => counts,
        Err(problem) => {
            eprintln!("threads-vs-tasks-at-scale: {problem}");
            return ExitCode::from(2);
        }
    };
    println!(
        "{:>6}  {:>10}  {:>10}  {:>8}  {:>16}  {:>14}",
        "units", "threads", "tasks", "ratio", "extra per thread", "extra per task"
    );
    for n in counts {
        let threads = match with_threads(n) {
            Ok(wall) => wall,
            Err(e) => {
                eprintln!("threads-vs-tasks-at-scale: {e}");
                return ExitCode::FAILURE;
            }
        };
        let tasks = with_tasks(n);
        println!(
            "{n:>6}  {:>7.1} ms  {:>7.1} ms  {:>7.2}x  {:>13.1} µs  {:>11.1} µs",
            ms(threads),
            ms(tasks),
            threads.as_secs_f64() / tasks.as_secs_f64(),
            extra_per_unit(threads, n),
            extra_per_unit(tasks, n)
        );
    }
    println!(
        "(every unit sleeps {} ms; ratio = threads / tasks; extra = (wall time - the sleep) / units)",
        WAIT.as_millis()
    );
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}
// ANCHOR_END: main

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The wall time beyond the wait itself, shared out over the units, in microseconds.
fn extra_per_unit(wall: Duration, units: usize) -> f64 {
    wall.saturating_sub(WAIT).as_secs_f64() * 1e6 / units as f64
}

/// The counts on the command line, each above the last and below this machine's safe ceiling
/// for threads; `[100, 1000]` without any.
fn counts() -> Result<Vec<usize>, String> {
    const USAGE: &str =
        "usage: threads-vs-tasks-at-scale [N]... (whole numbers above 0, increasing)";
    let args: Vec<String> = std::env::args().skip(1).collect();
    let counts: Vec<usize> = if args.is_empty() {
        vec![100, 1000]
    } else {
        args.iter()
            .map(|a| a.parse().ok().filter(|&n| n > 0))
            .collect::<Option<_>>()
            .ok_or(USAGE)?
    };
    if !counts.windows(2).all(|w| w[0] < w[1]) {
        return Err(USAGE.into());
    }
    let ceiling =
        safe_ceiling().ok_or("cannot read this machine's thread limits from /proc")?;
    let most = *counts.last().unwrap();
    if most as u64 > ceiling {
        return Err(format!(
            "{most} threads is above this machine's safe ceiling of {ceiling}"
        ));
    }
    Ok(counts)
}

fn read_number(path: &str) -> Option<u64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}

/// Three quarters of the tightest of three thread limits: memory maps (a thread takes a few),
/// `threads-max`, and the soft `Max processes` limit. Chapter 11's thread-limits listing reads
/// these three and two more, `pid_max` and the cgroup's `pids.max`, which this one leaves out.
fn safe_ceiling() -> Option<u64> {
    let maps = std::fs::read_to_string("/proc/self/maps")
        .ok()?
        .lines()
        .count() as u64;
    let by_maps = read_number("/proc/sys/vm/max_map_count")?.saturating_sub(maps) / 4;
    let mut ceiling = by_maps.min(read_number("/proc/sys/kernel/threads-max")?);
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let nproc = limits
        .lines()
        .find(|line| line.starts_with("Max processes"))
        .and_then(|line| line.split_whitespace().nth(2))
        .and_then(|soft| soft.parse::<u64>().ok());
    if let Some(nproc) = nproc {
        ceiling = ceiling.min(nproc);
    }
    Some(ceiling * 3 / 4)
}
