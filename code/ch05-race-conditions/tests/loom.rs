//! Model checks, run by `cargo test --release -p ch05-race-conditions --features loom --test loom`:
//! each model of examples/outcomes/ (the races' outcomes the book shows) still yields the set
//! that output/outcomes/<model>.txt states, in as many executions.
#![cfg(feature = "loom")]

#[path = "../examples/outcomes/bank_race.rs"]
mod bank_race;
#[path = "../examples/outcomes/check.rs"]
mod check;
#[path = "../examples/outcomes/counter_lost_updates.rs"]
mod counter_lost_updates;

#[test]
fn every_model_yields_the_committed_outcomes() {
    for model in [&bank_race::MODEL, &counter_lost_updates::MODEL] {
        listing_check::outcomes::check_enumeration(
            env!("CARGO_MANIFEST_DIR"),
            model.name,
            &(model.enumerate)(),
        );
    }
}
