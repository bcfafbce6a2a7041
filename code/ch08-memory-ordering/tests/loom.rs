//! Model checks of the chapter's listings, run by
//! `cargo test --release -p ch08-memory-ordering --features loom --test loom`.
//!
//! Each listing file is compiled here as a module, so loom checks the very code the book shows.
//!
//! The bound: every model here runs with no preemption bound, so loom explores every execution
//! its model of the memory model allows (the largest, the one-shot channel's `one_message` in
//! loom_build_your_own.rs, takes 94). A preemption is a switch away from a thread that could
//! have gone on running. The listings publish-relaxed, publish-release-acquire and
//! solution-fence-publication run their models from `main` with a bound of 3, the figure the
//! book shows; `the_listings_bound_of_3_explores_as_much_as_no_bound` checks that for those
//! three models it explores as many executions as no bound, and
//! `a_bound_of_zero_misses_the_stale_read` shows what too small a bound costs.
#![cfg(feature = "loom")]

use std::panic;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/publish-relaxed.rs"]
mod relaxed;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/publish-release-acquire.rs"]
mod release_acquire;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/relaxed-counter.rs"]
mod counter;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/ticket-cas.rs"]
mod tickets;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/solution-fetch-max.rs"]
mod fetch_max;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/solution-fence-publication.rs"]
mod fences;

/// The primitives the chapter builds (spin lock, one-shot channel, minimal `Arc`, `get_mut`):
/// their models and tests live in their own file, included here so that the one loom pass that
/// `cargo xtask test` runs (`--test loom`) runs them too.
#[path = "loom_build_your_own.rs"]
mod build_your_own;

/// A loom builder with this preemption bound (`None`: no bound), and nothing taken from the
/// environment (`LOOM_MAX_PREEMPTIONS` would otherwise set a bound).
fn with_bound(bound: Option<usize>) -> loom::model::Builder {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    builder
}

/// The whole search (see the top of this file).
fn unbounded() -> loom::model::Builder {
    with_bound(None)
}

fn bounded(bound: usize) -> loom::model::Builder {
    with_bound(Some(bound))
}

/// How many executions `builder` runs `model` for, and whether one of them failed.
fn executions(builder: loom::model::Builder, model: fn()) -> (usize, bool) {
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
    let count = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&count);
    let outcome = panic::catch_unwind(panic::AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, Relaxed);
            model();
        })
    }));
    (count.load(Relaxed), outcome.is_err())
}

// ANCHOR: publication
/// With every access `Relaxed`, loom finds an execution in which the reader sees the flag but
/// reads the old value: the model's assertion fails, and this test expects exactly that.
#[test]
#[should_panic(expected = "the reader saw the flag but not the data")]
fn loom_finds_the_stale_read_with_relaxed() {
    unbounded().check(relaxed::publish);
}

/// `Release` on the flag's store, `Acquire` on its load: no execution reads a stale value.
#[test]
fn loom_finds_no_stale_read_with_release_and_acquire() {
    unbounded().check(release_acquire::publish);
}
// ANCHOR_END: publication

/// With no preemption allowed, loom switches threads only where one blocks: the main thread
/// runs on to its `join` before the writer starts, so it always loads `ready == false` and the
/// stale read is not found. It needs the writer to run first: one switch away from a thread that
/// could have gone on, which is one preemption.
#[test]
fn a_bound_of_zero_misses_the_stale_read() {
    bounded(0).check(relaxed::publish);
}

/// One preemption is enough to find it.
#[test]
fn a_bound_of_one_finds_the_stale_read() {
    let found = panic::catch_unwind(|| bounded(1).check(relaxed::publish));
    assert!(found.is_err(), "loom with a bound of 1 found no stale read");
}

/// Two `Relaxed` increments of one counter: no execution loses one.
#[test]
fn loom_finds_no_lost_increment_with_relaxed() {
    unbounded().check(counter::two_increments);
}

/// Two buyers, one ticket, a `compare_exchange_weak` loop: exactly one gets it, in every
/// execution.
#[test]
fn loom_finds_one_ticket_sold_once() {
    unbounded().check(tickets::two_buyers_one_ticket);
}

/// Exercise 1: the `fetch_max` loop keeps the larger offer and returns possible previous values.
#[test]
fn loom_finds_fetch_max_keeps_the_larger_offer() {
    unbounded().check(fetch_max::two_offers);
}

/// Exercise 2: `Relaxed` accesses with a release and an acquire fence publish the data too.
#[test]
fn loom_finds_no_stale_read_with_fences() {
    unbounded().check(fences::publish);
}

// The models of examples/outcomes/ (the races' outcomes the book shows): each still yields the
// set that output/outcomes/<model>.txt states, in as many executions.
#[path = "../examples/outcomes/check.rs"]
mod check;

#[allow(dead_code, reason = "the tests use only the models of this file")]
#[path = "../examples/outcomes/relaxed_counter.rs"]
mod relaxed_counter;

#[allow(dead_code, reason = "the tests use only the models of this file")]
#[path = "../examples/outcomes/store_buffering.rs"]
mod store_buffering;

#[test]
fn every_model_yields_the_committed_outcomes() {
    for model in [
        &relaxed_counter::MODEL,
        &store_buffering::RELAXED,
        &store_buffering::RELEASE_ACQUIRE,
        &store_buffering::SEQCST,
    ] {
        listing_check::outcomes::check_enumeration(
            env!("CARGO_MANIFEST_DIR"),
            model.name,
            &(model.enumerate)(),
        );
    }
}

/// Why the SeqCst model is not loom's: loom treats SeqCst loads and stores as AcqRel and
/// reports the r1 = r2 = 0 that SeqCst forbids. If loom ever stops doing so, this fails, and
/// the SeqCst model can become a loom model like the others.
#[test]
fn loom_would_report_both_zero_under_seqcst() {
    use std::sync::atomic::Ordering::SeqCst;
    let found = check::every_interleaving(|| store_buffering::one_trial(SeqCst, SeqCst));
    assert!(
        found.counts().contains_key("r1=0 r2=0"),
        "{:?}",
        found.counts()
    );
}

/// Listings 8-4 and 8-5 and Exercise 2 run their models with a bound of 3 (the figures the book
/// shows come from those runs). For these three models that cuts nothing: loom runs as many
/// executions with the bound as without, and fails (or passes) the same way.
#[test]
fn the_listings_bound_of_3_explores_as_much_as_no_bound() {
    for (name, model) in [
        ("publish-relaxed", relaxed::publish as fn()),
        ("publish-release-acquire", release_acquire::publish),
        ("solution-fence-publication", fences::publish),
    ] {
        assert_eq!(
            executions(bounded(3), model),
            executions(unbounded(), model),
            "{name}: a bound of 3 explores less than no bound"
        );
    }
}
