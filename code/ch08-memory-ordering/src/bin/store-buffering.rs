use std::process::exit;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::Instant;

use Ordering::{AcqRel, Acquire, Relaxed, Release, SeqCst};

// ANCHOR: litmus
/// The two flags of the test, and the counter the two threads meet at before each trial.
struct Litmus {
    x: AtomicU64,
    y: AtomicU64,
    arrived: AtomicU64,
}

/// One thread's side of `trials` trials: in trial `t` it stores `t + 1` into its own flag, then
/// loads the other's, and records whether it saw the other thread's store of this trial.
fn side(
    lab: &Litmus,
    mine: &AtomicU64,
    theirs: &AtomicU64,
    trials: u64,
    order: [Ordering; 2],
) -> Vec<bool> {
    let [store_order, load_order] = order;
    let mut saw = Vec::with_capacity(trials as usize);
    for t in 0..trials {
        // A spin barrier: both threads arrive, then both start the trial at once.
        lab.arrived.fetch_add(1, AcqRel);
        while lab.arrived.load(Acquire) < 2 * (t + 1) {
            std::hint::spin_loop();
        }
        mine.store(t + 1, store_order);
        saw.push(theirs.load(load_order) == t + 1);
    }
    saw
}

/// Runs the trials on two threads; returns how often each outcome (r1, r2) occurred, where r1
/// is "thread 1 saw thread 2's store" and r2 the reverse: [0/0, 0/1, 1/0, 1/1].
fn run(trials: u64, order: [Ordering; 2]) -> [u64; 4] {
    let lab = Litmus {
        x: AtomicU64::new(0),
        y: AtomicU64::new(0),
        arrived: AtomicU64::new(0),
    };
    let (r1, r2) = thread::scope(|s| {
        let first = s.spawn(|| side(&lab, &lab.x, &lab.y, trials, order));
        let second = s.spawn(|| side(&lab, &lab.y, &lab.x, trials, order));
        (first.join().unwrap(), second.join().unwrap())
    });
    let mut counts = [0; 4];
    for (a, b) in r1.into_iter().zip(r2) {
        counts[usize::from(a) * 2 + usize::from(b)] += 1;
    }
    counts
}
// ANCHOR_END: litmus

// ANCHOR: main
fn report(trials: u64) {
    println!(
        "{trials} trials per ordering; r1 = 1 if thread 1 saw thread 2's store, r2 the reverse\n"
    );
    println!(
        "{:<17} {:>10} {:>10} {:>10} {:>10} {:>8}",
        "ordering", "r1=0 r2=0", "r1=0 r2=1", "r1=1 r2=0", "r1=1 r2=1", "time"
    );
    let orders = [
        ("Relaxed", [Relaxed, Relaxed]),
        ("Release/Acquire", [Release, Acquire]),
        ("SeqCst", [SeqCst, SeqCst]),
    ];
    for (name, order) in orders {
        let start = Instant::now();
        let [both_zero, only_r2, only_r1, both] = run(trials, order);
        let took = start.elapsed().as_secs_f64();
        println!(
            "{name:<17} {both_zero:>10} {only_r2:>10} {only_r1:>10} {both:>10} {took:>6.2} s"
        );
    }
}
// ANCHOR_END: main

/// The outcome counts of `trials` trials with `order`, for examples/outcomes/.
#[allow(dead_code, reason = "main does not call it: examples/outcomes/ does")]
pub fn outcome_counts(trials: u64, order: [Ordering; 2]) -> [u64; 4] {
    run(trials, order)
}

fn main() {
    let trials = match std::env::args().nth(1) {
        None => 20_000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=100_000_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "error: TRIALS must be a whole number from 1 to 100000000, not `{arg}`"
                );
                exit(2);
            }
        },
    };
    println!("{}", lab_server::machine());
    report(trials);
}
