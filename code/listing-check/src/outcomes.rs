//! Races with every outcome shown: for a listing whose result depends on the interleaving, a
//! small model of it is enumerated exhaustively (loom, or a plain enumeration of interleavings
//! where loom is not exact) and a real run of the same size is sampled, say, 1,000 times.
//!
//! loom's `executions` are not interleavings: each is one order of the threads' steps on shared
//! state (locks, spawns, joins, `Arc` counts, atomics) and, for each atomic load, one store it
//! may read, so many can end in the same outcome. Its known gaps decide what a loom model may
//! rely on: it treats `SeqCst` loads and stores as `AcqRel` (it reports outcomes `SeqCst`
//! forbids), explores no load buffering (it may miss outcomes), and can report outcomes that no
//! execution allows when plain stores and read-modify-writes share an atomic (tokio-rs/loom
//! issue 254; the lost-update counter with `fetch_add(0, Relaxed)` in place of its `load` gets a
//! final count of 1). A model whose outcomes depend on one of those is enumerated another way.
//!
//! A crate that has such models keeps them in `examples/outcomes/<model>.rs`, run by
//! `examples/outcomes.rs`: with the crate's `loom` feature it prints the enumerated set of each
//! model, without it the sampled counts. `cargo xtask outcomes` runs both and writes
//! `code/<crate>/output/outcomes/<model>.txt`:
//!
//! ```text
//! model: two ATMs withdraw $600 and $500 from $1000, no barrier; the final balance
//! possible: -100
//! possible: 400
//! checker: loom
//! executions: 24
//! observed: 400 ×612
//! runs: 1000
//! sampler: std threads, no barrier (the natural interleaving)
//! machine: 2 logical CPUs, linux/x86_64, AMD EPYC
//! # measured 2026-12-02 with rustc 1.95.0 by `cargo xtask outcomes`
//! ```
//!
//! A chapter writes `{{#outcomes <crate>/<model>}}` (the set, the checker and the observed
//! counts, in a sentence) or `{{#outcomes <crate>/<model> set}}` (the set alone); see
//! [`crate::figures::expand`]. The crate's tests check the file with [`check_enumeration`] (the
//! model still yields the committed set) and [`check_sample`] (every outcome seen, committed or
//! fresh, is in that set).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Counts of outcomes, shared by the executions that record them (clone it into a model).
#[derive(Clone, Default)]
pub struct Tally(Arc<Mutex<BTreeMap<String, u64>>>);

impl Tally {
    /// Counts one execution's outcome.
    pub fn record(&self, outcome: impl std::fmt::Display) {
        let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *counts.entry(outcome.to_string()).or_default() += 1;
    }

    /// Counts `n` executions of the same outcome at once.
    pub fn record_n(&self, outcome: impl std::fmt::Display, n: u64) {
        if n > 0 {
            let mut counts = self.0.lock().unwrap_or_else(|e| e.into_inner());
            *counts.entry(outcome.to_string()).or_default() += n;
        }
    }

    pub fn counts(&self) -> BTreeMap<String, u64> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many executions were recorded.
    pub fn total(&self) -> u64 {
        self.counts().values().sum()
    }

    /// The enumerated half of an outcomes file (`== <name>` first, which `cargo xtask outcomes`
    /// removes): the model, its possible outcomes, the checker and the executions it ran.
    pub fn enumerated_text(&self, name: &str, model: &str, checker: &str) -> String {
        let mut text = format!("== {name}\nmodel: {model}\n");
        let mut possible: Vec<String> = self.counts().into_keys().collect();
        possible.sort_by_key(|outcome| natural(outcome));
        for outcome in &possible {
            text.push_str(&format!("possible: {outcome}\n"));
        }
        text.push_str(&format!(
            "checker: {checker}\nexecutions: {}\n",
            self.total()
        ));
        text
    }

    /// The sampled half: how often each outcome appeared, how, and on which machine.
    pub fn observed_text(&self, name: &str, sampler: &str, machine: &str) -> String {
        let mut text = format!("== {name}\n");
        let mut counts: Vec<(String, u64)> = self.counts().into_iter().collect();
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        for (outcome, n) in counts {
            text.push_str(&format!("observed: {outcome} ×{n}\n"));
        }
        text.push_str(&format!(
            "runs: {}\nsampler: {sampler}\n{}\n",
            self.total(),
            machine.trim()
        ));
        text
    }
}

/// A sort key that orders the numbers in an outcome by value: `-100` before `400`, `(96, 100)`
/// before `(100, 96)`.
fn natural(outcome: &str) -> Vec<(String, i64)> {
    let mut key = Vec::new();
    let mut rest = outcome;
    while !rest.is_empty() {
        let text_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (mut text, after) = rest.split_at(text_len);
        let digits_len = after
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(after.len());
        let (digits, after) = after.split_at(digits_len);
        let mut value: i64 = digits.parse().unwrap_or(0);
        // A minus sign that starts a word is the number's.
        if let Some(before) = text.strip_suffix('-')
            && !digits.is_empty()
            && !before.ends_with(|c: char| c.is_alphanumeric())
        {
            text = before;
            value = -value;
        }
        key.push((text.to_string(), value));
        rest = after;
    }
    key
}

/// One committed outcomes file, parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes {
    pub model: String,
    /// The enumerated set, in the file's order.
    pub possible: Vec<String>,
    /// "loom", or how else the set was enumerated.
    pub checker: String,
    /// The executions the checker ran.
    pub executions: u64,
    /// (outcome, how often), most frequent first.
    pub observed: Vec<(String, u64)>,
    pub runs: u64,
    pub sampler: String,
    /// The machine line, without `machine: `.
    pub machine: String,
}

/// The file of model `name` of a crate, relative to the repository root.
pub fn file(package: &str, name: &str) -> String {
    format!("code/{package}/output/outcomes/{name}.txt")
}

impl Outcomes {
    /// Parses an outcomes file; an observed outcome outside the possible set is an error (the
    /// model is wrong, or the sample ran something else).
    pub fn parse(text: &str) -> Result<Outcomes, String> {
        let mut model = None;
        let mut possible = Vec::new();
        let mut checker = None;
        let mut executions = None;
        let mut observed = Vec::new();
        let mut runs = None;
        let mut sampler = None;
        let mut machine = None;
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let Some((key, value)) = line.split_once(": ") else {
                return Err(format!("`{line}` is not `key: value`"));
            };
            let value = value.trim().to_string();
            let number = |v: &str| {
                v.parse::<u64>()
                    .map_err(|_| format!("`{line}`: `{v}` is not a whole number"))
            };
            match key {
                "model" => model = Some(value),
                "possible" => possible.push(value),
                "checker" => checker = Some(value),
                "executions" => executions = Some(number(&value)?),
                "observed" => {
                    let (outcome, n) = value.rsplit_once(" ×").ok_or_else(|| {
                        format!("`{line}` is not `observed: OUTCOME ×N`")
                    })?;
                    observed.push((outcome.to_string(), number(n)?));
                }
                "runs" => runs = Some(number(&value)?),
                "sampler" => sampler = Some(value),
                "machine" => machine = Some(value),
                _ => return Err(format!("`{line}`: unknown key `{key}`")),
            }
        }
        let missing = |what: &str| format!("no `{what}:` line");
        let outcomes = Outcomes {
            model: model.ok_or_else(|| missing("model"))?,
            checker: checker.ok_or_else(|| missing("checker"))?,
            executions: executions.ok_or_else(|| missing("executions"))?,
            runs: runs.ok_or_else(|| missing("runs"))?,
            sampler: sampler.ok_or_else(|| missing("sampler"))?,
            machine: machine.ok_or_else(|| missing("machine"))?,
            possible,
            observed,
        };
        if outcomes.possible.is_empty() {
            return Err(missing("possible"));
        }
        if let Some((outside, n)) = outcomes
            .observed
            .iter()
            .find(|(o, _)| !outcomes.possible.contains(o))
        {
            return Err(format!(
                "`{outside}` was observed {n} time(s) but is not a possible outcome: the \
                 model is wrong"
            ));
        }
        let seen: u64 = outcomes.observed.iter().map(|(_, n)| n).sum();
        if seen != outcomes.runs {
            return Err(format!(
                "the observed counts add up to {seen}, not to the {} runs",
                outcomes.runs
            ));
        }
        Ok(outcomes)
    }

    /// Reads `output/outcomes/<name>.txt` of the crate at `crate_dir`.
    pub fn committed(crate_dir: &Path, name: &str) -> Result<Outcomes, String> {
        let path = crate_dir
            .join("output/outcomes")
            .join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "{}: {e} (write it with `cargo xtask outcomes`)",
                path.display()
            )
        })?;
        Outcomes::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// `{`-100`, `400`, `500`}`
    pub fn set(&self) -> String {
        let items: Vec<String> = self.possible.iter().map(|o| format!("`{o}`")).collect();
        format!("{{{}}}", items.join(", "))
    }

    /// The sentence under a listing: the set, how it was enumerated, and what a real run showed.
    pub fn sentence(&self) -> String {
        let executions = crate::figures::format_number(self.executions as f64, Some(0));
        let runs = crate::figures::format_number(self.runs as f64, Some(0));
        let seen: Vec<String> = self
            .observed
            .iter()
            .map(|(o, n)| {
                format!(
                    "`{o}` ×{}",
                    crate::figures::format_number(*n as f64, Some(0))
                )
            })
            .collect();
        let unseen: Vec<String> = self
            .possible
            .iter()
            .filter(|p| !self.observed.iter().any(|(o, _)| o == *p))
            .map(|p| format!("`{p}`"))
            .collect();
        let never = if unseen.is_empty() {
            String::new()
        } else {
            format!("; never seen: {}", unseen.join(", "))
        };
        format!(
            "Possible outcomes: {} ({}, {executions} executions); observed in {runs} runs on \
             this book's machine ({}): {}{never}.",
            self.set(),
            self.checker,
            self.machine,
            seen.join(", ")
        )
    }
}

/// The model still yields the committed set: `enumerated` (a fresh enumeration of model `name`)
/// must give the same outcomes, in as many executions, as `output/outcomes/<name>.txt`.
pub fn check_enumeration(crate_dir: &str, name: &str, enumerated: &Tally) {
    let committed =
        Outcomes::committed(Path::new(crate_dir), name).unwrap_or_else(|e| panic!("{e}"));
    let fresh: std::collections::BTreeSet<String> =
        enumerated.counts().into_keys().collect();
    let stated: std::collections::BTreeSet<String> =
        committed.possible.into_iter().collect();
    assert_eq!(
        fresh, stated,
        "{name}: the model now yields other outcomes than output/outcomes/{name}.txt states: \
         fix the model, or rerun `cargo xtask outcomes` and fix the text"
    );
    assert_eq!(
        enumerated.total(),
        committed.executions,
        "{name}: the checker ran another number of executions than the file states: rerun \
         `cargo xtask outcomes`"
    );
}

/// Every outcome a real run showed is possible: the committed counts (checked when the file is
/// parsed) and `fresh`, a new sample of model `name`.
pub fn check_sample(crate_dir: &str, name: &str, fresh: &Tally) {
    let committed =
        Outcomes::committed(Path::new(crate_dir), name).unwrap_or_else(|e| panic!("{e}"));
    assert!(fresh.total() > 0, "{name}: the fresh sample ran nothing");
    for (outcome, n) in fresh.counts() {
        assert!(
            committed.possible.contains(&outcome),
            "{name}: a fresh run gave `{outcome}` ({n} time(s)), which the model says is \
             impossible (possible: {:?}): the model is wrong",
            committed.possible
        );
    }
}

/// Every file of `output/outcomes/` belongs to one of `names` (the crate's models).
pub fn check_no_orphans(crate_dir: &str, names: &[&str]) {
    let dir = Path::new(crate_dir).join("output/outcomes");
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let path = entry.path();
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        assert!(
            names.contains(&stem.as_ref()),
            "{}: no model of this crate is named `{stem}`: delete it",
            path.display()
        );
    }
    for name in names {
        assert!(
            dir.join(format!("{name}.txt")).is_file(),
            "{}: no {name}.txt: run `cargo xtask outcomes`",
            dir.display()
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "model: two ATMs\npossible: -100\npossible: 400\npossible: 500\n\
                        checker: loom\nexecutions: 24\nobserved: 400 ×6\nobserved: -100 ×4\n\
                        runs: 10\nsampler: std threads\nmachine: 2 logical CPUs, linux/x86_64\n\
                        # measured today\n";

    #[test]
    fn a_file_parses_and_renders() {
        let outcomes = Outcomes::parse(FILE).unwrap();
        assert_eq!(outcomes.set(), "{`-100`, `400`, `500`}");
        assert_eq!(
            outcomes.sentence(),
            "Possible outcomes: {`-100`, `400`, `500`} (loom, 24 executions); observed in 10 \
             runs on this book's machine (2 logical CPUs, linux/x86_64): `400` ×6, `-100` ×4; never seen: `500`."
        );
    }

    #[test]
    fn an_outcome_outside_the_set_is_an_error() {
        let wrong = FILE.replace("observed: -100 ×4", "observed: 0 ×4");
        assert!(
            Outcomes::parse(&wrong)
                .unwrap_err()
                .contains("the model is wrong")
        );
        let short = FILE.replace("runs: 10", "runs: 11");
        assert!(
            Outcomes::parse(&short)
                .unwrap_err()
                .contains("not to the 11 runs")
        );
    }

    #[test]
    fn a_tally_writes_what_parse_reads() {
        let enumerated = Tally::default();
        for outcome in ["400", "500", "400", "-100"] {
            enumerated.record(outcome);
        }
        let observed = Tally::default();
        observed.record_n("400", 7);
        observed.record("500");
        let text = enumerated.enumerated_text("bank", "m", "loom")
            + &observed.observed_text("bank", "s", "machine: here\n");
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("== "))
            .map(|l| format!("{l}\n"))
            .collect();
        let outcomes = Outcomes::parse(&text).unwrap();
        assert_eq!(outcomes.possible, ["-100", "400", "500"]);
        let sorted = Tally::default();
        for outcome in ["(100, 96)", "(96, 100)", "(100, 100)"] {
            sorted.record(outcome);
        }
        let text = sorted.enumerated_text("k", "m", "loom");
        assert!(
            text.contains(
                "possible: (96, 100)\npossible: (100, 96)\npossible: (100, 100)\n"
            ),
            "{text}"
        );
        assert_eq!(outcomes.executions, 4);
        assert_eq!(
            outcomes.observed,
            [("400".to_string(), 7), ("500".to_string(), 1)]
        );
        assert_eq!(outcomes.machine, "here");
    }
}
