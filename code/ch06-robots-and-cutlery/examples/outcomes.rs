//! Every outcome of this chapter's races: `cargo xtask outcomes ch06-robots-and-cutlery` runs this example twice
//! and writes `output/outcomes/<model>.txt` (see `listing_check::outcomes`).
//!
//! - `cargo run --release -p ch06-robots-and-cutlery --features loom --example outcomes` enumerates each model's
//!   outcomes;
//! - `cargo run --release -p ch06-robots-and-cutlery --example outcomes -- [RUNS]` runs each model on real
//!   threads RUNS times (1000 by default) and counts the outcomes.

use std::process::ExitCode;

#[path = "outcomes/check.rs"]
mod check;
#[path = "outcomes/cutlery_race.rs"]
mod cutlery_race;
#[allow(
    dead_code,
    reason = "only stock_after_two_bots of this file is run here, not its main"
)]
#[path = "../src/bin/cutlery-race.rs"]
mod race;
const MODELS: &[&check::Model] = &[&cutlery_race::MODEL];

fn main() -> ExitCode {
    let runs = match std::env::args().nth(1) {
        None => 1000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=1_000_000).contains(&n) => n,
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
        let text = (model.sample)(runs).observed_text(
            model.name,
            model.sampler,
            &lab_server::machine(),
        );
        print!("{text}");
    }
    ExitCode::SUCCESS
}
