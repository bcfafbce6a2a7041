//! A `rustc` that compiles as edition 2024 whatever edition it is asked for.
//!
//! skeptic chooses the edition of the snippets it compiles from the packages it sees and knows
//! no edition after 2021, while every listing of this book is edition 2024. skeptic calls the
//! compiler named by `RUSTC`, so the snippet tests point `RUSTC` at this program.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args = std::env::args_os()
        .skip(1)
        .filter(|arg| !arg.to_string_lossy().starts_with("--edition"));
    match Command::new(env!("BOOK_RUSTC"))
        .arg("--edition=2024")
        .args(args)
        .status()
    {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!(
                "rustc-edition-2024: could not run {}: {e}",
                env!("BOOK_RUSTC")
            );
            ExitCode::FAILURE
        }
    }
}
