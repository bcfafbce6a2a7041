//! The claims the book's text makes about measured figures (`xtask/claims.toml`), checked against
//! output files as ratios or bounds with wide margins, and the "Results" page built from them.

use std::path::Path;

use anyhow::{Context, Result, anyhow};
use regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Claims {
    claim: Vec<Claim>,
}

/// One claim: "the figure read from this output is at least / at most this".
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Claim {
    /// What the book says, in its words.
    text: String,
    /// The headline figure, as the Results page names it.
    figure: String,
    /// The chapter (file under book/) that makes the claim.
    chapter: String,
    /// The output file, relative to the repository root.
    output: String,
    /// A regex whose first group is the number (or the numerator, with `divided-by`).
    value: String,
    /// A regex for the denominator, when the claim is about a ratio of two figures.
    divided_by: Option<String>,
    /// The output the denominator is read from, when it is not `output` (e.g. Python vs Rust).
    divided_by_output: Option<String>,
    /// The unit shown on the Results page.
    #[serde(default)]
    unit: String,
    at_least: Option<f64>,
    at_most: Option<f64>,
}

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

fn number(output: &str, pattern: &str) -> Result<f64> {
    let regex = Regex::new(pattern).with_context(|| format!("bad regex {pattern:?}"))?;
    let captures = regex
        .captures(output)
        .ok_or_else(|| anyhow!("no match for {pattern:?}"))?;
    let text = captures
        .get(1)
        .ok_or_else(|| anyhow!("{pattern:?} has no group"))?
        .as_str();
    text.replace(',', "")
        .parse()
        .with_context(|| format!("{text:?} is not a number"))
}

/// Checks every claim; `read` gives the text of an output file (fresh or committed).
pub fn check(read: &dyn Fn(&Path) -> Option<String>) -> Result<Outcome> {
    let root = crate::root();
    let path = root.join("xtask/claims.toml");
    let claims: Claims = toml::from_str(&std::fs::read_to_string(&path)?)
        .with_context(|| format!("{}", path.display()))?;
    let mut outcome = Outcome {
        report: vec![],
        broken: vec![],
        rows: vec![],
    };
    for claim in &claims.claim {
        let output_path = root.join(&claim.output);
        let Some(output) = read(&output_path) else {
            outcome
                .broken
                .push(format!("{}: {} is missing", claim.text, claim.output));
            continue;
        };
        let other = claim
            .divided_by_output
            .as_ref()
            .map(|name| (name, read(&root.join(name))));
        let value = number(&output, &claim.value).and_then(|top| {
            match (&claim.divided_by, &other) {
                (Some(pattern), None) => Ok(top / number(&output, pattern)?),
                (Some(pattern), Some((_, Some(text)))) => {
                    Ok(top / number(text, pattern)?)
                }
                (_, Some((name, None))) => Err(anyhow!("{name} is missing")),
                (None, _) => Ok(top),
            }
        });
        let value = match value {
            Ok(value) => value,
            Err(e) => {
                outcome
                    .broken
                    .push(format!("{} ({}): {e:#}", claim.text, claim.output));
                continue;
            }
        };
        let holds = claim.at_least.is_none_or(|min| value >= min)
            && claim.at_most.is_none_or(|max| value <= max);
        let bound = match (claim.at_least, claim.at_most) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!(">= {min}"),
            (None, Some(max)) => format!("<= {max}"),
            (None, None) => "any".into(),
        };
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
                claim.text, claim.chapter, claim.output
            ));
        }
        let machine = output
            .lines()
            .find_map(|line| line.trim().strip_prefix("machine:"))
            .unwrap_or("see the output")
            .trim()
            .to_string();
        outcome.rows.push(Row {
            figure: claim.figure.clone(),
            value: shown,
            chapter: claim.chapter.clone(),
            output: claim.output.clone(),
            machine,
        });
    }
    Ok(outcome)
}

fn pretty(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 10.0 {
        format!("{value:.1}")
    } else {
        format!("{value:.2}")
    }
}

/// Writes the table the "Results" appendix includes.
pub fn write_results_page(rows: &[Row]) -> Result<()> {
    let mut table = format!(
        "Measured on {} by `cargo xtask measure`.\n\n| Figure | Value | Chapter | Output | Machine |\n|---|---|---|---|---|\n",
        today()
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
    println!("updated {}", crate::bless::relative(&path));
    Ok(())
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
