//! The relaxed-counter listing at a small size: two threads, two `fetch_add(1, Relaxed)` each,
//! with the listing's own `count_with` (the listing file is a module of the example and of the
//! tests, `counter`, with loom's atomics and threads under the `loom` feature).

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

pub const MODEL: Model = Model {
    name: "relaxed-counter",
    what: "two threads add 1 to one counter twice each with fetch_add(1, Relaxed); the outcome \
           is the final count",
    checker: "loom",
    sampler: "the listing's code on std threads, with the natural interleaving",
    runs: 1000,
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs),
};

fn once() -> String {
    crate::counter::two_threads_two_increments().to_string()
}
