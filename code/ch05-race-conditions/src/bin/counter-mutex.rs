use std::sync::Mutex;
use std::thread;

// ANCHOR: main
fn main() {
    let counter = Mutex::new(0_u64);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    *counter.lock().unwrap() += 1; // read, add, write under one guard
                }
            });
        }
    });
    println!("counter: {}", counter.into_inner().unwrap());
}
// ANCHOR_END: main
