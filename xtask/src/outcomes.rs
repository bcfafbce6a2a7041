//! `cargo xtask outcomes [CRATE...]`: every outcome of the book's races, enumerated and observed.
//!
//! A crate with `examples/outcomes.rs` models its interleaving-dependent listings (see
//! `listing_check::outcomes`). This runs that example twice, in release: with the crate's `loom`
//! feature it prints each model's enumerated set, without it the counts of 1,000 real runs.
//! The two halves of each model become `code/<crate>/output/outcomes/<model>.txt`, which
//! `{{#outcomes <crate>/<model>}}` shows in a chapter. `cargo xtask measure` runs it too.

use std::collections::BTreeMap;

use anyhow::{Context, Result, bail, ensure};
use listing_check::outcomes::Outcomes;

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::root();
    let crates: Vec<_> = listing_check::listing_crates(&root)
        .map_err(anyhow::Error::msg)?
        .into_iter()
        .filter(|k| k.dir.join("examples/outcomes.rs").is_file())
        .collect();
    for wanted in args {
        ensure!(
            crates.iter().any(|k| &k.package == wanted),
            "`{wanted}` has no examples/outcomes.rs; crates with models: {}",
            crates
                .iter()
                .map(|k| k.package.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let provenance = listing_check::provenance(false)
        .replace("`cargo xtask measure`", "`cargo xtask outcomes`");
    let mut written = 0;
    for krate in crates
        .iter()
        .filter(|k| args.is_empty() || args.contains(&k.package))
    {
        let package = krate.package.as_str();
        eprintln!("outcomes: {package}: enumerating (loom) ...");
        let enumerated = blocks(&example(package, true)?)?;
        eprintln!("outcomes: {package}: sampling ...");
        let observed = blocks(&example(package, false)?)?;
        ensure!(
            enumerated.keys().eq(observed.keys()),
            "{package}: the loom run printed the models {:?}, the real runs {:?}",
            enumerated.keys().collect::<Vec<_>>(),
            observed.keys().collect::<Vec<_>>()
        );
        let dir = krate.dir.join("output/outcomes");
        std::fs::create_dir_all(&dir)?;
        for (name, possible) in &enumerated {
            let text = format!("{possible}{}{provenance}", observed[name]);
            let outcomes = Outcomes::parse(&text)
                .map_err(|e| anyhow::anyhow!("{package}/{name}: {e}"))?;
            let path = dir.join(format!("{name}.txt"));
            std::fs::write(&path, &text)?;
            println!(
                "{}: {} possible in {} executions; observed in {} runs: {}",
                listing_check::relative(&root, &path),
                outcomes.possible.len(),
                outcomes.executions,
                outcomes.runs,
                outcomes
                    .observed
                    .iter()
                    .map(|(o, n)| format!("{o} ×{n}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            written += 1;
        }
    }
    println!("outcomes: {written} file(s) written; review them with `git diff`");
    Ok(())
}

/// What `cargo run --release -p <package> [--features loom] --example outcomes` printed.
fn example(package: &str, loom: bool) -> Result<String> {
    let mut cargo = crate::cargo();
    cargo.args(["run", "--release", "--quiet", "--locked", "-p", package]);
    if loom {
        cargo.args(["--features", "loom"]);
    }
    cargo.args(["--example", "outcomes"]);
    let out = cargo
        .output()
        .with_context(|| format!("could not run cargo for {package}"))?;
    if !out.status.success() {
        bail!(
            "{package} --example outcomes{} failed ({}):\n{}",
            if loom { " (loom)" } else { "" },
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8(out.stdout)?)
}

/// The `== <model>` blocks of the example's output, by model name.
fn blocks(printed: &str) -> Result<BTreeMap<String, String>> {
    let mut found = BTreeMap::new();
    let mut current: Option<(String, String)> = None;
    for line in printed.lines() {
        if let Some(name) = line.strip_prefix("== ") {
            if let Some((name, text)) = current.take() {
                found.insert(name, text);
            }
            current = Some((name.trim().to_string(), String::new()));
        } else if let Some((_, text)) = &mut current {
            text.push_str(line);
            text.push('\n');
        } else {
            bail!("the example printed `{line}` before its first `== <model>` line");
        }
    }
    if let Some((name, text)) = current {
        found.insert(name, text);
    }
    ensure!(!found.is_empty(), "the example printed no model");
    Ok(found)
}
