use std::hint::black_box;
use std::process::exit;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
const THREADS: u64 = 2;
const ROUNDS: usize = 3;

/// A way of counting: it takes the increments per thread and returns the total.
type Count = fn(u64) -> u64;

fn with_mutex(per_thread: u64) -> u64 {
    let counter = Mutex::new(0_u64);
    run_threads(|| {
        for _ in 0..per_thread {
            *counter.lock().unwrap() += black_box(1);
        }
    });
    counter.into_inner().unwrap()
}

fn with_fetch_add(per_thread: u64) -> u64 {
    let counter = AtomicU64::new(0);
    run_threads(|| {
        for _ in 0..per_thread {
            counter.fetch_add(black_box(1), Relaxed);
        }
    });
    counter.into_inner()
}

fn with_local_sums(per_thread: u64) -> u64 {
    let counter = AtomicU64::new(0);
    run_threads(|| {
        let mut local = 0_u64;
        for _ in 0..per_thread {
            local += black_box(1);
        }
        counter.fetch_add(local, Relaxed); // one shared write per thread, at the end
    });
    counter.into_inner()
}

/// Runs `work` on `THREADS` scoped threads that start together.
fn run_threads(work: impl Fn() + Sync) {
    let start = Barrier::new(THREADS as usize);
    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                start.wait();
                work();
            });
        }
    });
}

fn compare(per_thread: u64) {
    println!(
        "{THREADS} threads add 1 to one counter, {per_thread} times each; best of {ROUNDS} rounds"
    );
    let ways: [(&str, Count); 3] = [
        ("Mutex<u64>, locked per increment", with_mutex),
        ("AtomicU64::fetch_add", with_fetch_add),
        ("local sums, added at the end", with_local_sums),
    ];
    let expected = THREADS * per_thread;
    let mut best = [Duration::MAX; 3];
    let mut all_correct = true;
    for _ in 0..ROUNDS {
        for (k, (_, count)) in ways.iter().enumerate() {
            let started = Instant::now();
            let total = count(per_thread);
            best[k] = best[k].min(started.elapsed());
            all_correct &= total == expected;
        }
    }
    for ((label, _), took) in ways.iter().zip(best) {
        println!("{label:<34} {:>9.2} ms", took.as_secs_f64() * 1e3);
    }
    let ratio =
        |slow: usize, fast: usize| best[slow].as_secs_f64() / best[fast].as_secs_f64();
    println!("the Mutex takes {:.1}x the time of fetch_add", ratio(0, 1));
    println!("fetch_add takes {:.1}x the time of local sums", ratio(1, 2));
    println!("every total {expected}: {all_correct}");
    if !all_correct {
        exit(1);
    }
}
// ANCHOR_END: main

fn main() {
    let per_thread = parse_thousands() * 1000;
    println!("{}", lab_server::machine());
    compare(per_thread);
}

/// Thousands of increments per thread: the first argument, 100 by default.
fn parse_thousands() -> u64 {
    match std::env::args().nth(1) {
        None => 100,
        Some(arg) => match arg.parse::<u64>() {
            Ok(k) if (1..=1_000_000).contains(&k) => k,
            _ => {
                eprintln!(
                    "error: the size must be a whole number of thousands from 1 to 1000000, not `{arg}`"
                );
                exit(2);
            }
        },
    }
}
