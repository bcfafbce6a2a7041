//! Every outcome of this chapter's races: `cargo xtask outcomes ch08-memory-ordering` runs this example twice
//! and writes `output/outcomes/<model>.txt` (see `listing_check::outcomes`).
//!
//! - `cargo run --release -p ch08-memory-ordering --features loom --example outcomes` enumerates each model's
//!   outcomes;
//! - `cargo run --release -p ch08-memory-ordering --example outcomes -- [RUNS]` runs each model on real
//!   threads RUNS times and counts the outcomes (by default, each model's own number of runs: 1000
//!   for the counter, the listing's 1,000,000 trials for store buffering).

use std::process::ExitCode;

#[path = "outcomes/check.rs"]
mod check;
#[allow(
    dead_code,
    reason = "only two_threads_two_increments of this file is run here, not its main"
)]
#[path = "../src/bin/relaxed-counter.rs"]
mod counter;
#[path = "outcomes/relaxed_counter.rs"]
mod relaxed_counter;
#[path = "outcomes/store_buffering.rs"]
mod store_buffering;
const MODELS: &[&check::Model] = &[
    &relaxed_counter::MODEL,
    &store_buffering::RELAXED,
    &store_buffering::RELEASE_ACQUIRE,
    &store_buffering::SEQCST,
];

fn main() -> ExitCode {
    let runs = match std::env::args().nth(1) {
        None => None,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => Some(n),
            _ => {
                eprintln!(
                    "error: RUNS must be a whole number from 1 to 1000000, not `{arg}`"
                );
                return ExitCode::from(2);
            }
        },
    };
    for model in MODELS {
        #[cfg(feature = "loom")]
        let text = {
            let _ = runs;
            (model.enumerate)().enumerated_text(model.name, model.what, model.checker)
        };
        #[cfg(not(feature = "loom"))]
        let text = (model.sample)(runs.unwrap_or(model.runs)).observed_text(
            model.name,
            model.sampler,
            &lab_server::machine(),
        );
        print!("{text}");
    }
    ExitCode::SUCCESS
}
