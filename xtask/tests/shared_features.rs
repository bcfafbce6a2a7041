//! `cargo xtask` builds the task runner alone (`cargo run -p xtask`), and `cargo xtask test` then
//! builds the whole workspace. Cargo reuses the first build's dependencies only where both
//! enable the same features on them; where they differ it compiles the crate again, and with it
//! everything above it (tokio, axum, mdBook). xtask/Cargo.toml lists the features the rest of
//! the workspace enables; this test fails when a chapter brings a new one.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use listing_check::run_listing_with_timeout;

/// Every package of the dependency graph `args` selects, with the features cargo enables on it.
fn features(args: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let mut command = vec!["tree", "--offline", "--locked", "--prefix", "none"];
    command.extend(["--no-dedupe", "--format", "{p}|{f}"]);
    command.extend(args);
    let tree =
        run_listing_with_timeout(env!("CARGO"), &command, Duration::from_secs(120));
    assert!(tree.success(), "cargo {command:?} failed:\n{}", tree.stderr);
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in tree.stdout.lines() {
        let Some((package, enabled)) = line.split_once('|') else {
            continue;
        };
        // `name v1.2.3 (*)`: the `(*)` only says the package was listed before.
        let package = package.trim_end_matches(" (*)").to_string();
        found.entry(package).or_default().extend(
            enabled
                .split(',')
                .filter(|f| !f.is_empty())
                .map(String::from),
        );
    }
    found
}

#[test]
fn the_task_runner_enables_the_features_the_workspace_enables() {
    let alone = features(&["-p", "xtask", "--edges", "normal,build"]);
    let workspace = features(&["--workspace", "--edges", "normal,build,dev"]);
    let mut missing = Vec::new();
    for (package, enabled) in &alone {
        let Some(everywhere) = workspace.get(package) else {
            continue;
        };
        let more: Vec<&str> =
            everywhere.difference(enabled).map(String::as_str).collect();
        if !more.is_empty() {
            missing.push(format!("{package}: {}", more.join(", ")));
        }
    }
    assert!(
        missing.is_empty(),
        "the workspace enables features that `cargo xtask` alone does not, so `cargo xtask \
         test` compiles these crates (and what depends on them) twice; add the features to \
         xtask/Cargo.toml:\n  {}",
        missing.join("\n  ")
    );
}
