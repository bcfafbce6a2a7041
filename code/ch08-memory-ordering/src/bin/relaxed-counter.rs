use std::process::ExitCode;

// The same file is model-checked by tests/loom.rs: with the `loom` feature, the counter's
// atomic, its Arc and its threads are loom's.
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

// ANCHOR: count
/// `threads` threads add 1 to one counter `per_thread` times each, with `Relaxed`.
fn count_with(threads: u64, per_thread: u64) -> u64 {
    let count = Arc::new(AtomicU64::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let count = Arc::clone(&count);
            thread::spawn(move || {
                for _ in 0..per_thread {
                    count.fetch_add(1, Relaxed);
                }
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap();
    }
    count.load(Relaxed)
}
// ANCHOR_END: count

// ANCHOR: model
/// Two threads, one increment each: tests/loom.rs runs this under loom.
#[allow(dead_code, reason = "main does not call it: tests/loom.rs does")]
pub fn two_increments() {
    assert_eq!(count_with(2, 1), 2, "an increment was lost");
}
// ANCHOR_END: model

/// Two threads, two increments each, for examples/outcomes/: the count they end with.
#[allow(dead_code, reason = "main does not call it: examples/outcomes/ does")]
pub fn two_threads_two_increments() -> u64 {
    count_with(2, 2)
}

fn main() -> ExitCode {
    let per_thread = match std::env::args().nth(1) {
        None => 100_000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!(
                    "usage: relaxed-counter [PER_THREAD] (a positive whole number)"
                );
                return ExitCode::from(2);
            }
        },
    };
    // ANCHOR: main
    let total = count_with(4, per_thread);
    println!("4 threads x {per_thread} Relaxed increments: {total}");
    // ANCHOR_END: main
    ExitCode::SUCCESS
}
