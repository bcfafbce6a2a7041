use std::process::ExitCode;

#[cfg(feature = "loom")]
use loom::{
    sync::Arc,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    thread,
};

// ANCHOR: max
/// Raises `atomic` to `value` if `value` is larger; returns the previous value, like std's
/// `fetch_max`.
fn fetch_max(atomic: &AtomicU64, value: u64) -> u64 {
    let mut current = atomic.load(Relaxed);
    while current < value {
        match atomic.compare_exchange_weak(current, value, Relaxed, Relaxed) {
            Ok(previous) => return previous,
            Err(actual) => current = actual,
        }
    }
    current // already at least `value`: nothing to write
}
// ANCHOR_END: max

/// Each of `threads` threads offers `per_thread` values; returns the maximum `fetch_max` kept.
fn highest(threads: u64, per_thread: u64) -> u64 {
    let best = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|t| {
            let best = Arc::clone(&best);
            thread::spawn(move || {
                for i in 0..per_thread {
                    // Thread t offers t, t + threads, t + 2 * threads, ...: upwards on even
                    // threads, downwards on odd ones.
                    let step = if t % 2 == 0 { i } else { per_thread - 1 - i };
                    let value = t + threads * step;
                    fetch_max(&best, value);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    best.load(Relaxed)
}

/// Two threads offer 3 and 5: tests/loom.rs runs this under loom.
#[allow(dead_code, reason = "main does not call it: tests/loom.rs does")]
pub fn two_offers() {
    let best = Arc::new(AtomicU64::new(1));
    let other = {
        let best = Arc::clone(&best);
        thread::spawn(move || fetch_max(&best, 3))
    };
    let mine = fetch_max(&best, 5);
    let theirs = other.join().unwrap();
    assert_eq!(best.load(Relaxed), 5, "the larger offer was lost");
    // If 3 was written first, 5 replaced it (3, 1); if 5 was, 3 found it and wrote nothing (1, 5).
    assert!(
        (mine, theirs) == (3, 1) || (mine, theirs) == (1, 5),
        "impossible previous values: {mine}, {theirs}"
    );
}

fn main() -> ExitCode {
    let per_thread = match std::env::args().nth(1) {
        None => 10_000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=1_000_000_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "usage: solution-fetch-max [PER_THREAD] (a positive whole number)"
                );
                return ExitCode::from(2);
            }
        },
    };
    // ANCHOR: main
    let max = highest(4, per_thread);
    println!(
        "4 threads offered every value below {}; fetch_max kept {max}",
        4 * per_thread
    );
    // ANCHOR_END: main
    ExitCode::SUCCESS
}
