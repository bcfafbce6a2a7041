use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
use std::sync::{Barrier, LazyLock, OnceLock};
use std::thread;

// ANCHOR: main
/// How many times the table below was built.
static BUILDS: AtomicU32 = AtomicU32::new(0);

/// A global that is built the first time any thread touches it.
static PORTS: LazyLock<HashMap<&str, u16>> = LazyLock::new(|| {
    BUILDS.fetch_add(1, Relaxed);
    HashMap::from([("http", 80), ("https", 443), ("ssh", 22)])
});

/// A global that is set once, by whichever thread gets there first.
static STARTED_BY: OnceLock<usize> = OnceLock::new();

fn main() {
    let start = Barrier::new(4);
    let (winners, seen): (Vec<bool>, Vec<usize>) = thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let start = &start;
                s.spawn(move || {
                    start.wait(); // all four touch the globals at the same moment
                    assert_eq!(PORTS["https"], 443);
                    let won = STARTED_BY.set(i).is_ok();
                    (won, *STARTED_BY.get().unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).unzip()
    });
    println!(
        "4 threads read PORTS; it was built {} time(s)",
        BUILDS.load(Relaxed)
    );
    let won = winners.iter().filter(|&&w| w).count();
    println!("4 threads called STARTED_BY.set; {won} succeeded");
    let agree = seen.iter().all(|&i| i == seen[0]);
    println!("every thread then read the same STARTED_BY: {agree}");
}
// ANCHOR_END: main
