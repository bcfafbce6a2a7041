//! Model checks, run by `cargo test --release -p ch09-threading-bugs --features loom --test loom`:
//! each model of examples/outcomes/ (the deadlock's outcomes the book shows) still yields the set
//! that output/outcomes/<model>.txt states, in as many executions.
#![cfg(feature = "loom")]

#[path = "../examples/outcomes/check.rs"]
mod check;
#[path = "../examples/outcomes/deadlock_opposite_order.rs"]
mod deadlock_opposite_order;

const MODELS: &[&check::Model] = &[&deadlock_opposite_order::MODEL];

#[test]
fn every_model_yields_the_committed_outcomes() {
    for model in MODELS {
        listing_check::outcomes::check_enumeration(
            env!("CARGO_MANIFEST_DIR"),
            model.name,
            &(model.enumerate)(),
        );
    }
}
