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
                    // Write seen + 1 only if the counter still holds `seen`; otherwise
                    // another thread got in between: start again from what it wrote.
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
