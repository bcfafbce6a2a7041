use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: main
fn main() {
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    counter.fetch_add(1, Relaxed); // read, add, write as one indivisible step
                }
            });
        }
    });
    println!("counter: {}", counter.load(Relaxed));
}
// ANCHOR_END: main
