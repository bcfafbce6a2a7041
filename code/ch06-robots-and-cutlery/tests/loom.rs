//! Model checks of the kitchen's `add`, run by
//! `cargo test --release -p ch06-robots-and-cutlery --features loom --test loom`.
//!
//! Each listing file is compiled here as a module, so loom checks the very code the book shows;
//! the `loom` feature makes those files use loom's atomics, mutexes and threads instead of std's.
#![cfg(feature = "loom")]

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/cutlery-race.rs"]
mod race;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/cutlery-mutex.rs"]
mod mutex;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/solution-cutlery-fetch-add.rs"]
mod fetch_add;

// ANCHOR: tests
/// loom explores the interleavings of the two bots' loads and stores and finds one in which
/// the kitchen's count is wrong: the model's assertion fails, and this test expects exactly that.
#[test]
#[should_panic(expected = "the kitchen lost track of its cutlery")]
fn loom_finds_the_lost_update_in_the_racy_add() {
    loom::model(race::two_bots_one_kitchen);
}

/// The same two bots with `add` under a `Mutex`: no interleaving loses an update.
#[test]
fn loom_finds_no_lost_update_with_a_mutex() {
    loom::model(mutex::two_bots_one_kitchen);
}
// ANCHOR_END: tests

/// Exercise 1: `add` with `fetch_add` passes too.
#[test]
fn loom_finds_no_lost_update_with_fetch_add() {
    loom::model(fetch_add::two_bots_one_kitchen);
}

// The models of examples/outcomes/ (the races' outcomes the book shows): each still yields the
// set that output/outcomes/<model>.txt states, in as many executions.
#[path = "../examples/outcomes/check.rs"]
mod check;

#[allow(dead_code, reason = "the tests use only the models of this file")]
#[path = "../examples/outcomes/cutlery_race.rs"]
mod cutlery_race;

#[test]
fn every_model_yields_the_committed_outcomes() {
    let model = &cutlery_race::MODEL;
    listing_check::outcomes::check_enumeration(
        env!("CARGO_MANIFEST_DIR"),
        model.name,
        &(model.enumerate)(),
    );
}
