//! Every outcome of this chapter's deadlock: `cargo xtask outcomes ch09-threading-bugs` runs this
//! example twice and writes `output/outcomes/<model>.txt` (see `listing_check::outcomes`).
//!
//! - `cargo run --release -p ch09-threading-bugs --features loom --example outcomes` enumerates
//!   each model's outcomes;
//! - `cargo run --release -p ch09-threading-bugs --example outcomes -- [RUNS]` runs each model on
//!   real threads RUNS times (1000 by default) and counts the outcomes.

use std::process::ExitCode;

#[path = "outcomes/check.rs"]
mod check;
#[path = "outcomes/deadlock_opposite_order.rs"]
mod deadlock_opposite_order;
const MODELS: &[&check::Model] = &[&deadlock_opposite_order::MODEL];

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
