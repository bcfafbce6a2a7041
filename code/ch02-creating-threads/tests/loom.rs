//! Model checks, run by `cargo test --release -p ch02-creating-threads --features loom --test loom`:
//! each model of examples/outcomes/ (the races' outcomes the book shows) still yields the set
//! that output/outcomes/<model>.txt states, in as many executions.
#![cfg(feature = "loom")]

#[path = "../examples/outcomes/check.rs"]
mod check;
#[path = "../examples/outcomes/worker_start_done.rs"]
mod worker_start_done;

#[test]
fn every_model_yields_the_committed_outcomes() {
    let model = &worker_start_done::MODEL;
    listing_check::outcomes::check_enumeration(
        env!("CARGO_MANIFEST_DIR"),
        model.name,
        &(model.enumerate)(),
    );
}
