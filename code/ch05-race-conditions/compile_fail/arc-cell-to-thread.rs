use std::cell::Cell;
use std::sync::Arc;
use std::thread;

// ANCHOR: main
fn main() {
    let visits = Arc::new(Cell::new(0));
    let for_worker = Arc::clone(&visits);
    let handle = thread::spawn(move || for_worker.set(for_worker.get() + 1));
    visits.set(visits.get() + 1);
    handle.join().unwrap();
}
// ANCHOR_END: main
