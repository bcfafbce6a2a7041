use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: main
/// Two threads add 1 to a shared counter 100,000 times each, reading and writing separately.
fn count_with_two_threads() -> u64 {
    let counter = AtomicU64::new(0);
    let start = Barrier::new(2); // both threads begin counting at the same moment
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                for _ in 0..100_000 {
                    let seen = counter.load(Relaxed); // read...
                    counter.store(seen + 1, Relaxed); // ...then write: two separate steps
                }
            });
        }
    });
    counter.load(Relaxed)
}

fn main() {
    for round in 1..=5 {
        let total = count_with_two_threads();
        println!(
            "round {round}: counter {total:>6}, lost {:>6} of 200000",
            200_000 - total
        );
    }
}
// ANCHOR_END: main
