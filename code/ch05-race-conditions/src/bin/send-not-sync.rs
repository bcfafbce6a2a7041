use std::cell::Cell;
use std::sync::Mutex;
use std::thread;

// ANCHOR: main
fn main() {
    // Cell is Send: moved to a worker, it is reachable from that one thread only.
    let visits = Cell::new(0);
    let worker = thread::spawn(move || {
        visits.set(visits.get() + 1);
        visits
    });
    let visits = worker.join().unwrap();
    println!("visits, back from the worker: {}", visits.get());

    // MutexGuard<i64> is Sync: other threads may read through a `&` to the guard
    // while the thread that locked keeps it (and so the unlock).
    let balance = Mutex::new(1000_i64);
    let guard = balance.lock().unwrap();
    let seen = thread::scope(|s| s.spawn(|| *guard).join().unwrap());
    println!("a scoped thread read {seen} through the main thread's guard");
    drop(guard);
}
// ANCHOR_END: main
