//! The counter-lost-updates listing at a small size: two threads add 1 to a shared counter
//! twice each, with a load and a separate store, as the listing does 100,000 times.
//!
//! All the accesses are to one atomic, so coherence leaves them nothing but the results of
//! interleavings: loom's missing load buffering (see `listing_check::outcomes`) hides nothing.

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

#[cfg(feature = "loom")]
use loom::{
    sync::Arc,
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::atomic::{AtomicU64, Ordering::Relaxed},
    sync::{Arc, Barrier},
    thread,
};

pub const MODEL: Model = Model {
    name: "counter-lost-updates",
    what: "two threads add 1 to a shared counter twice each, reading and writing \
          in two separate steps; the outcome is the final count",
    checker: "loom",
    sampler: "the same code on std threads, both released at once by a barrier \
             as in the listing",
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs),
};

const INCREMENTS: u64 = 2;

/// One run: both threads' increments, then the count.
pub fn once() -> String {
    let counter = Arc::new(AtomicU64::new(0));
    // loom has no Barrier; the model needs none, since a barrier before the first increment
    // rules out no order of the increments that follow it.
    #[cfg(not(feature = "loom"))]
    let start = Arc::new(Barrier::new(2));
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let counter = Arc::clone(&counter);
            #[cfg(not(feature = "loom"))]
            let start = Arc::clone(&start);
            thread::spawn(move || {
                #[cfg(not(feature = "loom"))]
                start.wait();
                for _ in 0..INCREMENTS {
                    let seen = counter.load(Relaxed);
                    counter.store(seen + 1, Relaxed);
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    counter.load(Relaxed).to_string()
}
