use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

// ANCHOR: main
fn main() {
    let workers = 4;
    let barrier = Barrier::new(workers);
    let arrived = AtomicUsize::new(0);

    let seen: Vec<usize> = thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    // Phase 1: each worker loads its share of the data.
                    arrived.fetch_add(1, Ordering::SeqCst);
                    let result = barrier.wait();
                    if result.is_leader() {
                        println!(
                            "one worker, the barrier's leader, prints this for the group"
                        );
                    }
                    // Phase 2 may use every share: all of phase 1 is done.
                    arrived.load(Ordering::SeqCst)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    println!("after the barrier, each worker counted arrivals: {seen:?}");
}
// ANCHOR_END: main
