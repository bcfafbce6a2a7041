use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;

// ANCHOR: main
/// The next id to hand out. `Relaxed`: it is a counter, and publishes nothing.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

thread_local! {
    /// This thread's id, taken from `NEXT_ID` the first time the thread asks for it.
    static ID: u64 = NEXT_ID.fetch_add(1, Relaxed);
}

fn my_id() -> u64 {
    ID.with(|id| *id)
}

fn main() {
    let main_id = my_id();
    let ids: Vec<(u64, u64)> = thread::scope(|s| {
        let handles: Vec<_> = (0..8).map(|_| s.spawn(|| (my_id(), my_id()))).collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let stable = ids.iter().all(|(first, second)| first == second);
    let distinct: BTreeSet<u64> =
        ids.iter().map(|(id, _)| *id).chain([main_id]).collect();
    println!("main's id: {main_id}, asked again: {}", my_id());
    println!("8 threads asked twice each: same answer both times: {stable}");
    println!("distinct ids among the 9 threads: {}", distinct.len());
}
// ANCHOR_END: main
