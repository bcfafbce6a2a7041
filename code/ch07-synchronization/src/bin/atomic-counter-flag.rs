use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    let hits = AtomicU64::new(0);
    let stop = AtomicBool::new(false);

    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..25_000 {
                    hits.fetch_add(1, Ordering::Relaxed); // one indivisible read-add-write
                }
            });
        }
        let watcher = s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                thread::sleep(Duration::from_millis(1)); // a real watcher would check things
            }
        });
        thread::sleep(Duration::from_millis(20));
        stop.store(true, Ordering::Relaxed); // ask the watcher to finish
        watcher.join().unwrap();
        println!("the watcher saw the stop flag and returned");
    });

    println!("hits = {}", hits.load(Ordering::Relaxed));
}
// ANCHOR_END: main
