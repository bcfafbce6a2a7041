//! The claims the book's text makes about measured figures (the `[[claim]]`s of each crate's
//! `listings.toml`), checked against output files as bounds with wide margins, and the "Results"
//! page built from them.

use std::path::Path;

use anyhow::{Result, anyhow};
use listing_check::figures::{Figures, format_number};

pub struct Outcome {
    pub report: Vec<String>,
    pub broken: Vec<String>,
    pub rows: Vec<Row>,
}

pub struct Row {
    figure: String,
    value: String,
    chapter: String,
    output: String,
    machine: String,
}

/// Checks every claim of every `listings.toml`; `read` gives the text of an output file (fresh
/// or committed), by its path relative to the repository root.
pub fn check(read: &dyn Fn(&Path) -> Option<String>) -> Result<Outcome> {
    let figures = Figures::load(&crate::root()).map_err(|e| anyhow!(e))?;
    let mut outcome = Outcome {
        report: vec![],
        broken: vec![],
        rows: vec![],
    };
    for claim in &figures.claims {
        let output = figures
            .output(&claim.figure)
            .unwrap_or_default()
            .to_string();
        let value = match figures.value(&claim.figure, read) {
            Ok(value) => value,
            Err(e) => {
                outcome.broken.push(format!("{}: {e}", claim.text));
                continue;
            }
        };
        let holds = claim.holds(value);
        let bound = claim.bound();
        let shown = format!("{} {}", pretty(value), claim.unit)
            .trim()
            .to_string();
        outcome.report.push(format!(
            "{} claim: {} — {shown} (must be {bound})",
            if holds { "ok  " } else { "FAIL" },
            claim.text
        ));
        if !holds {
            outcome.broken.push(format!(
                "{} — measured {shown}, the text needs {bound} ({}, {})",
                claim.text, claim.chapter, output
            ));
        }
        let machine = read(Path::new(&output))
            .unwrap_or_default()
            .lines()
            .find_map(|line| line.trim().strip_prefix("machine:").map(str::to_string))
            .unwrap_or_else(|| "see the output".into())
            .trim()
            .to_string();
        outcome.rows.push(Row {
            figure: claim.title.clone(),
            value: shown,
            chapter: claim.chapter.clone(),
            output,
            machine,
        });
    }
    Ok(outcome)
}

fn pretty(value: f64) -> String {
    format_number(value, None)
}

/// Writes the table the "Results" appendix includes.
pub fn write_results_page(rows: &[Row]) -> Result<()> {
    let mut table = format!(
        "Measured on {} by `cargo xtask measure`.\n\n| Figure | Value | Chapter | Output | Machine |\n|---|---|---|---|---|\n",
        listing_check::today()
    );
    for row in rows {
        let title = row.chapter.trim_end_matches(".md");
        table.push_str(&format!(
            "| {} | {} | [{title}]({}) | `{}` | {} |\n",
            row.figure, row.value, row.chapter, row.output, row.machine
        ));
    }
    let path = crate::root().join("book/generated/results-table.md");
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(&path, table)?;
    println!("updated {}", listing_check::relative(&crate::root(), &path));
    Ok(())
}
