//! The store-buffering listing, one trial at a time: thread 1 stores 1 to `x` and loads `y`,
//! thread 2 stores 1 to `y` and loads `x`; r1 = 1 if thread 1 saw thread 2's store, r2 the
//! reverse. Three models, one per ordering of the listing.
//!
//! loom enumerates the `Relaxed` and `Release`/`Acquire` versions. It cannot be trusted with
//! the `SeqCst` one: it treats `SeqCst` loads and stores as `AcqRel` (its README says so), so it
//! would report the r1 = r2 = 0 that `SeqCst` forbids. For a program whose every atomic access
//! is `SeqCst`, the memory model promises the result of some interleaving of the threads'
//! operations (one total order of them all, in each thread's program order, every load reading
//! the latest store before it), so that version is checked by running every interleaving of the
//! four operations on a plain memory.
//!
//! The real runs are the listing as the book runs it: its own `run`, with its spin barrier
//! lining the threads up before each trial, for as many trials as the book's command line
//! passes (`TRIALS`, the `args` of listings.toml); each trial is one run. How often r1 = r2 = 0
//! turns up varies from one run of the listing to the next; a sample of another size (this
//! file once took 1,000 trials) is another program, and what it observes is not what the
//! listing shows.

#[cfg(not(feature = "loom"))]
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::Ordering::{self, Acquire, Relaxed, Release};

use crate::check::Model;
use listing_check::outcomes::Tally;

#[allow(
    dead_code,
    reason = "only outcome_counts of this file is run here, not its main"
)]
#[path = "../../src/bin/store-buffering.rs"]
mod litmus;

pub const RELAXED: Model = Model {
    name: "store-buffering-relaxed",
    what: "one trial of the store-buffering test with Relaxed stores and loads; the outcome \
           is (r1, r2)",
    checker: "loom",
    sampler: SAMPLER,
    runs: TRIALS,
    #[cfg(feature = "loom")]
    enumerate: || crate::check::every_interleaving(|| one_trial(Relaxed, Relaxed)),
    #[cfg(not(feature = "loom"))]
    sample: |trials| real_trials(trials, [Relaxed, Relaxed]),
};

pub const RELEASE_ACQUIRE: Model = Model {
    name: "store-buffering-release-acquire",
    what: "one trial of the store-buffering test with Release stores and Acquire loads; the \
           outcome is (r1, r2)",
    checker: "loom",
    sampler: SAMPLER,
    runs: TRIALS,
    #[cfg(feature = "loom")]
    enumerate: || crate::check::every_interleaving(|| one_trial(Release, Acquire)),
    #[cfg(not(feature = "loom"))]
    sample: |trials| real_trials(trials, [Release, Acquire]),
};

pub const SEQCST: Model = Model {
    name: "store-buffering-seqcst",
    what: "one trial of the store-buffering test with SeqCst stores and loads; the outcome is \
           (r1, r2)",
    checker: "plain interleavings",
    sampler: SAMPLER,
    runs: TRIALS,
    #[cfg(feature = "loom")]
    enumerate: every_sequentially_consistent_trial,
    #[cfg(not(feature = "loom"))]
    sample: |trials| real_trials(trials, [SeqCst, SeqCst]),
};

const SAMPLER: &str = "the listing as the book runs it: one run of its `run` for that many \
                       trials on two std threads, lined up by its spin barrier; each trial counts \
                       as one run";

/// The trials of the book's command line for the listing (`args` in listings.toml).
const TRIALS: u64 = 1_000_000;

fn outcome(r1: bool, r2: bool) -> String {
    format!("r1={} r2={}", u8::from(r1), u8::from(r2))
}

/// One trial under loom: the two threads' store and load, with these orderings.
#[cfg(feature = "loom")]
pub fn one_trial(store: Ordering, load: Ordering) -> String {
    use loom::sync::Arc;
    use loom::sync::atomic::AtomicU64;

    let x = Arc::new(AtomicU64::new(0));
    let y = Arc::new(AtomicU64::new(0));
    let (x1, y1) = (Arc::clone(&x), Arc::clone(&y));
    let first = loom::thread::spawn(move || {
        x1.store(1, store);
        y1.load(load) == 1
    });
    y.store(1, store);
    let r2 = x.load(load) == 1;
    let r1 = first.join().unwrap();
    outcome(r1, r2)
}

/// Every interleaving of thread 1's (store x, load y) with thread 2's (store y, load x), each
/// load reading the last store before it.
#[cfg(feature = "loom")]
fn every_sequentially_consistent_trial() -> Tally {
    let tally = Tally::default();
    // An interleaving is the order in which the two threads take their two steps each.
    for turns in [
        [1, 1, 2, 2],
        [1, 2, 1, 2],
        [1, 2, 2, 1],
        [2, 1, 1, 2],
        [2, 1, 2, 1],
        [2, 2, 1, 1],
    ] {
        let (mut x, mut y) = (0, 0);
        let (mut r1, mut r2) = (false, false);
        let mut next_step = [0, 0];
        for thread in turns {
            match (thread, next_step[thread - 1]) {
                (1, 0) => x = 1,
                (1, _) => r1 = y == 1,
                (_, 0) => y = 1,
                (_, _) => r2 = x == 1,
            }
            next_step[thread - 1] += 1;
        }
        tally.record(outcome(r1, r2));
    }
    tally
}

/// `trials` trials of the listing itself, with these orderings.
#[cfg(not(feature = "loom"))]
fn real_trials(trials: u64, order: [Ordering; 2]) -> Tally {
    let tally = Tally::default();
    let [both_zero, only_r2, only_r1, both] = litmus::outcome_counts(trials, order);
    tally.record_n(outcome(false, false), both_zero);
    tally.record_n(outcome(false, true), only_r2);
    tally.record_n(outcome(true, false), only_r1);
    tally.record_n(outcome(true, true), both);
    tally
}
