//! What a model of this crate is, and the two ways it runs: every execution loom explores
//! (with the `loom` feature), or real threads.

use listing_check::outcomes::Tally;

/// A listing's logic at a small size, and how its outcomes are found.
#[allow(
    dead_code,
    reason = "examples/outcomes.rs reads `what` and `checker` with the loom feature, `sampler` \
              without it; the tests read only `name` and the functions"
)]
pub struct Model {
    /// The file's name under output/outcomes/, and the chapter's `{{#outcomes CRATE/NAME}}`.
    pub name: &'static str,
    /// What runs, and what its outcome is.
    pub what: &'static str,
    /// How `enumerate` finds every outcome.
    pub checker: &'static str,
    /// How `sample` runs it for real.
    pub sampler: &'static str,
    /// Every outcome, one count per execution the checker ran.
    #[cfg(feature = "loom")]
    pub enumerate: fn() -> Tally,
    /// The outcomes of so many real runs.
    #[cfg(not(feature = "loom"))]
    pub sample: fn(u64) -> Tally,
}

/// Runs `once` under loom in every execution it explores (an order of the threads' steps on
/// shared state and, for each atomic load, a store it may read: several can give the same order
/// of the model's own steps), with no preemption bound and nothing taken from the environment
/// (`LOOM_MAX_PREEMPTIONS` would cut the search short), and counts each execution's outcome.
#[cfg(feature = "loom")]
pub fn every_interleaving(once: fn() -> String) -> Tally {
    let tally = Tally::default();
    let record = tally.clone();
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = None;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    builder.check(move || record.record(once()));
    tally
}

/// Runs `once` on real threads `runs` times and counts each outcome.
#[cfg(not(feature = "loom"))]
pub fn real_runs(once: fn() -> String, runs: u64) -> Tally {
    let tally = Tally::default();
    for _ in 0..runs {
        tally.record(once());
    }
    tally
}
