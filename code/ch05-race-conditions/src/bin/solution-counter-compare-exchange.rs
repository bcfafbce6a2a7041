use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: main
fn main() {
    let counter = AtomicU64::new(0);
    let start = Barrier::new(2);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                start.wait();
                for _ in 0..100_000 {
                    let mut seen = counter.load(Relaxed);
                    // Writes seen + 1 only if the counter still holds `seen`. On `Err` it
                    // returns what it found: another thread got in between, or (`_weak`)
                    // a spurious failure with nothing changed. Either way: try again.
                    while let Err(now) =
                        counter.compare_exchange_weak(seen, seen + 1, Relaxed, Relaxed)
                    {
                        seen = now;
                    }
                }
            });
        }
    });
    println!("counter: {}", counter.load(Relaxed));
}
// ANCHOR_END: main
