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
    /// The claim's words and the bound the value is checked against.
    claim: String,
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
        // Printed as the chapters print the figure, with its `decimals`.
        let number = figures
            .text(&claim.figure, read)
            .unwrap_or_else(|_| format_number(value, None));
        let shown = format!("{number} {}", claim.unit).trim().to_string();
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
            claim: format!("{}: {}", claim.text, bound_in_words(claim)),
            chapter: claim.chapter.clone(),
            output,
            machine,
        });
    }
    Ok(outcome)
}

/// The bound a claim's value must meet, in words and with the claim's unit: "at least 1.2 ×
/// faster", "between 0.33 and 3 ×". The Results page shows it, so prose that cites a claim's
/// bound points to the table instead of typing the number.
fn bound_in_words(claim: &listing_check::figures::ClaimDef) -> String {
    let bound = match (claim.at_least, claim.at_most) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "any value".into(),
    };
    // "at least 1 trial", "at most 1 update lost": one of a counted unit is singular.
    let one = match (claim.at_least, claim.at_most) {
        (Some(bound), None) | (None, Some(bound)) => bound == 1.0,
        _ => false,
    };
    let unit = match claim.unit.split_once(' ') {
        _ if !one => claim.unit.clone(),
        Some((word, rest)) if word.len() > 1 && word.ends_with('s') => {
            format!("{} {rest}", &word[..word.len() - 1])
        }
        None if claim.unit.len() > 1 && claim.unit.ends_with('s') => {
            claim.unit[..claim.unit.len() - 1].to_string()
        }
        _ => claim.unit.clone(),
    };
    format!("{bound} {unit}").trim().to_string()
}

/// Writes the table the "Results" appendix includes. `measured` is false when nothing was
/// measured (`measure --redraw`): the page then keeps the date of the last measurement.
pub fn write_results_page(rows: &[Row], measured: bool) -> Result<()> {
    let path = crate::root().join("book/generated/results-table.md");
    let date = std::fs::read_to_string(&path)
        .ok()
        .filter(|_| !measured)
        .and_then(|old| {
            let first = old.lines().next()?.strip_prefix("Measured on ")?;
            Some(first.split_whitespace().next()?.to_string())
        })
        .unwrap_or_else(listing_check::today);
    let mut table = format!(
        "Measured on {date} by `cargo xtask measure`.\n\n| Figure | Value | Claim checked | Chapter | Output | Machine |\n|---|---|---|---|---|---|\n"
    );
    for row in rows {
        let title = row.chapter.trim_end_matches(".md");
        table.push_str(&format!(
            "| {} | {} | {} | [{title}]({}) | `{}` | {} |\n",
            row.figure, row.value, row.claim, row.chapter, row.output, row.machine
        ));
    }
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(&path, table)?;
    println!("updated {}", listing_check::relative(&crate::root(), &path));
    Ok(())
}
