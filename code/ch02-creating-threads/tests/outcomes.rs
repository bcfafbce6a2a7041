//! The races' outcomes on real threads: every outcome of output/outcomes/<model>.txt (the
//! committed runs) and of a fresh sample of 10 runs is one the model says is possible. (The
//! model sleeps the listing's 200 ms, so 10 runs take 2 s.)
//! (That the model still yields the set is checked by tests/loom.rs, in the loom pass.)
#![cfg(not(feature = "loom"))]

#[path = "../examples/outcomes/check.rs"]
mod check;
#[path = "../examples/outcomes/worker_start_done.rs"]
mod worker_start_done;

const MODELS: &[&check::Model] = &[&worker_start_done::MODEL];

#[test]
fn every_observed_outcome_is_possible() {
    for model in MODELS {
        listing_check::outcomes::check_sample(
            env!("CARGO_MANIFEST_DIR"),
            model.name,
            &(model.sample)(10),
        );
    }
}

#[test]
fn every_outcomes_file_has_its_model() {
    let names: Vec<&str> = MODELS.iter().map(|m| m.name).collect();
    listing_check::outcomes::check_no_orphans(env!("CARGO_MANIFEST_DIR"), &names);
}
