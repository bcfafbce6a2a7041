//! The deadlock's outcomes on real threads: every outcome of output/outcomes/<model>.txt (the
//! committed 1,000 runs) and of a fresh sample of 50 runs is one the model says is possible.
//! (That the model still yields the set is checked by tests/loom.rs, in the loom pass.)
#![cfg(not(feature = "loom"))]

#[path = "../examples/outcomes/check.rs"]
mod check;
#[path = "../examples/outcomes/deadlock_opposite_order.rs"]
mod deadlock_opposite_order;

const MODELS: &[&check::Model] = &[&deadlock_opposite_order::MODEL];

#[test]
fn every_observed_outcome_is_possible() {
    for model in MODELS {
        listing_check::outcomes::check_sample(
            env!("CARGO_MANIFEST_DIR"),
            model.name,
            &(model.sample)(50),
        );
    }
}

#[test]
fn every_outcomes_file_has_its_model() {
    let names: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
    listing_check::outcomes::check_no_orphans(env!("CARGO_MANIFEST_DIR"), &names);
}
