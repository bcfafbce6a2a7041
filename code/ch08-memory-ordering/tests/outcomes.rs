//! The races' outcomes on real threads: every outcome of output/outcomes/<model>.txt (the
//! committed runs) and of a fresh sample of 50 runs is one the model says is possible. (That
//! the model still yields the set is checked by tests/loom.rs, in the loom pass.)
#![cfg(not(feature = "loom"))]

#[path = "../examples/outcomes/check.rs"]
mod check;
#[allow(
    dead_code,
    reason = "only two_threads_two_increments of this file is run here, not its main"
)]
#[path = "../src/bin/relaxed-counter.rs"]
mod counter;

#[allow(dead_code, reason = "the tests use only the models of this file")]
#[path = "../examples/outcomes/relaxed_counter.rs"]
mod relaxed_counter;

#[allow(dead_code, reason = "the tests use only the models of this file")]
#[path = "../examples/outcomes/store_buffering.rs"]
mod store_buffering;

const MODELS: &[&check::Model] = &[
    &relaxed_counter::MODEL,
    &store_buffering::RELAXED,
    &store_buffering::RELEASE_ACQUIRE,
    &store_buffering::SEQCST,
];

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
