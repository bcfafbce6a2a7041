//! The self-test's breakages of the Run button and its endpoint (runs.rs of the check).

use std::path::Path;

use anyhow::{Context, Result, bail};

use super::{Expected, replace_required};
use crate::browser::checks::NO_RUN_BUTTON;
use crate::browser::runs::{FOREIGN_ORIGIN_RAN, RUN_OUTPUT_WRONG, RunCheck};

/// The endpoint as run-listing.js names it.
const RUN_ENDPOINT: &str = "'/__run/'";

/// Breaks the rendered book in `dir` and `runs` in three ways; returns what must be reported.
pub fn break_runs(
    dir: &Path,
    pages: &[String],
    runs: &mut RunCheck,
) -> Result<Vec<Expected>> {
    let mut expected = Vec::new();
    // 11. A listing's footer that no longer names it: no Run button under it.
    let named = " data-listing=\"";
    let mut unnamed = None;
    for page in pages.iter().rev().filter(|p| **p != runs.page) {
        let html = std::fs::read_to_string(dir.join(page))?;
        if html.contains(named) {
            std::fs::write(dir.join(page), html.replacen(named, " data-unnamed=\"", 1))?;
            unnamed = Some(page.clone());
            break;
        }
    }
    let unnamed = unnamed.context("no page besides the Run check's has a listing")?;
    expected.push(Expected::new(
        &unnamed,
        "a listing's footer without its name",
        &[NO_RUN_BUTTON],
    ));
    // 12. A Run button that asks an endpoint that does not exist: run-listing.js, in every
    // copy of it (mdBook serves one whose name carries a hash of its content).
    let mut scripts = Vec::new();
    for sub in ["theme-extra", "book/theme-extra"] {
        for entry in std::fs::read_dir(dir.join(sub)).into_iter().flatten() {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if name.starts_with("run-listing") && name.ends_with(".js") {
                scripts.push(path);
            }
        }
    }
    if scripts.is_empty() {
        bail!(
            "the self-test finds no run-listing*.js in {} (did book.rs stop adding it?)",
            dir.display()
        );
    }
    for script in &scripts {
        let text = std::fs::read_to_string(script)?;
        std::fs::write(
            script,
            replace_required(&text, RUN_ENDPOINT, "'/__no-such-endpoint/'", script)?,
        )?;
    }
    expected.push(Expected::new(
        "run",
        "run-listing.js asking the wrong endpoint",
        &[RUN_OUTPUT_WRONG],
    ));
    // 13. An endpoint that ignores Origin: every request's is made the book's own.
    runs.forge_origin = true;
    expected.push(Expected::new(
        "run",
        "the endpoint not checking Origin",
        &[FOREIGN_ORIGIN_RAN],
    ));

    Ok(expected)
}
