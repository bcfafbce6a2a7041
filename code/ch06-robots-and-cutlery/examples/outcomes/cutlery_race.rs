//! The cutlery-race listing at its smallest: two bots at the same moment, A setting a table
//! while B clears one, with the listing's own `Kitchen` and `add` (the listing file is a module
//! of the example and of the tests, `race`, with loom's atomics and threads under the `loom`
//! feature).
//!
//! The listing's loads and stores are `SeqCst`, which loom treats as `AcqRel`, and loom explores
//! no load buffering (see `listing_check::outcomes`). Neither changes this set: each count is
//! one atomic that only its own `add`s touch, so its final value is that of some interleaving of
//! those `add`s, and every one of the nine pairs is the result of an interleaving of the whole
//! program (the knives racing one way and the forks another).

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

pub const MODEL: Model = Model {
    name: "cutlery-race",
    what: "bot A lends a table's cutlery while bot B takes one back, in a kitchen of 100 knives \
           and 100 forks; the outcome is the kitchen's (knives, forks) afterwards",
    checker: "loom",
    sampler: "the listing's code on std threads, with the natural interleaving",
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs),
};

fn once() -> String {
    format!("{:?}", crate::race::stock_after_two_bots())
}
