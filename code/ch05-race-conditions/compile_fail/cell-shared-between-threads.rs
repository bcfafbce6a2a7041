use std::cell::Cell;
use std::thread;

// ANCHOR: main
fn main() {
    let visits = Cell::new(0);
    thread::scope(|s| {
        s.spawn(|| visits.set(visits.get() + 1));
        visits.set(visits.get() + 1);
    });
    println!("visits: {}", visits.get());
}
// ANCHOR_END: main
