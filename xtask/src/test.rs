//! `cargo xtask test`: everything CI runs, in one command, ending with one summary line.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use anyhow::{Context, Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    let mut totals = Totals::default();
    // 1. Every crate's tests: the listings (tests/listings.rs of each chapter crate), the
    //    chapters through skeptic and the compile_fail blocks (book-tests), the task runner.
    //    --no-fail-fast: a failing crate does not hide the failures of the others.
    cargo_test(
        &["test", "--workspace", "--locked", "--no-fail-fast"],
        args,
        &mut totals,
    )?;
    // 2. Model-checking tests (loom) need their crate's `loom` feature, which swaps std's
    //    atomics for loom's; they run as a second pass so the listings above use std's.
    for krate in
        listing_check::listing_crates(&crate::root()).map_err(anyhow::Error::msg)?
    {
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(krate.dir.join("Cargo.toml"))?)?;
        let has_loom = manifest
            .get("features")
            .and_then(|features| features.get("loom"))
            .is_some();
        if has_loom {
            let package = krate.package.as_str();
            cargo_test(
                &[
                    "test",
                    "--locked",
                    "--release",
                    "-p",
                    package,
                    "--features",
                    "loom",
                    "--test",
                    "loom",
                ],
                args,
                &mut totals,
            )?;
        }
    }
    // 3. The book renders with mdBook.
    let dir = crate::book::build()?;
    println!("The book renders: {}", dir.join("index.html").display());

    println!(
        "\nsummary: {} passed, {} failed, {} skipped",
        totals.passed, totals.failed, totals.ignored
    );
    if totals.failed > 0 {
        bail!("{} test(s) failed", totals.failed);
    }
    Ok(())
}

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
    ignored: u64,
}

/// Runs one `cargo test`, echoing its output and adding up libtest's result lines.
fn cargo_test(command: &[&str], extra: &[String], totals: &mut Totals) -> Result<()> {
    eprintln!("$ cargo {} {}", command.join(" "), extra.join(" "));
    let mut child = crate::cargo()
        .args(command)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .context("could not run cargo test")?;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line?;
        println!("{line}");
        // test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; ...
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                if let [.., count, what] = words[..]
                    && let Ok(n) = count.parse::<u64>()
                {
                    match what {
                        "passed" => totals.passed += n,
                        "failed" => totals.failed += n,
                        "ignored" => totals.ignored += n,
                        _ => {}
                    }
                }
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        println!(
            "\nsummary: {} passed, {} failed, {} skipped",
            totals.passed,
            totals.failed.max(1),
            totals.ignored
        );
        bail!("`cargo {}` failed", command.join(" "));
    }
    Ok(())
}
