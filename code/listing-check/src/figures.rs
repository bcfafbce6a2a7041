//! Measured figures in the prose: defined once, next to the listing whose output they come from,
//! and inserted into the text at build time, so a sentence can never contradict its output file.
//!
//! A crate's `listings.toml` defines its figures:
//!
//! ```toml
//! [[figure]]
//! name = "ping-pong.slowdown"      # <listing>.<what>: read from output/ping-pong.txt
//! value = 'round trip ([0-9]+) times slower'  # a regex whose first group is the number
//! # divided-by = '...'                      # optional: the figure is value / this regex
//! # divided-by-figure = "other.figure"      # optional: ... or value / another figure
//! # scale = 100.0                           # optional: multiply (a fraction as a percentage)
//! # decimals = 0                            # optional: how to print it (default: 3 digits)
//! ```
//!
//! A chapter writes `{{#figure ping-pong.slowdown}}` where the number goes. The book's
//! preprocessor (`cargo xtask`), the `[[claim]]`s beside the figures and the Results page all read
//! these definitions. A number the book did not measure (an input such as "a 200 ms delay", a
//! default, or a figure quoted from a seed) is written `{{#given 200 ms}}`; anything else that
//! looks like a typed measurement ("12 times faster", "348×", "37 %", "5 ms", "96 MiB") is an
//! error of the book's build, found by [`typed_figures`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

/// One `[[figure]]` of a `listings.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FigureDef {
    /// `<listing>.<what>`; the listing's output file is `output/<listing>.txt`.
    pub name: String,
    /// The file the figure is read from, relative to the repository root, when it is not
    /// this crate's `output/<listing>.txt` (a CSV, or another crate's output).
    pub output: Option<String>,
    /// A regex whose first group is the number (commas allowed: "15,101").
    pub value: String,
    /// A regex for a denominator read from the same output.
    pub divided_by: Option<String>,
    /// Another figure (any crate's) as the denominator.
    pub divided_by_figure: Option<String>,
    /// A factor applied last (e.g. 100 for a percentage).
    pub scale: Option<f64>,
    /// Digits after the decimal point when printed; by default about three significant digits.
    pub decimals: Option<usize>,
}

/// One `[[claim]]` of a `listings.toml`: what the text says about a figure, as bounds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ClaimDef {
    /// The figure the claim is about.
    pub figure: String,
    /// The headline, as the Results page names it.
    pub title: String,
    /// What the book says, in its words.
    pub text: String,
    /// The chapter (file under book/) that makes the claim.
    pub chapter: String,
    /// The unit shown on the Results page and in reports.
    #[serde(default)]
    pub unit: String,
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
}

impl ClaimDef {
    /// Whether `value` is within the claim's bounds.
    pub fn holds(&self, value: f64) -> bool {
        self.at_least.is_none_or(|min| value >= min)
            && self.at_most.is_none_or(|max| value <= max)
    }

    /// The bounds in words: ">= 2.5", "between 0.33 and 3".
    pub fn bound(&self) -> String {
        match (self.at_least, self.at_most) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!(">= {min}"),
            (None, Some(max)) => format!("<= {max}"),
            (None, None) => "any".into(),
        }
    }
}

/// Every figure of the repository, by name, and every claim, in crate order.
pub struct Figures {
    defs: BTreeMap<String, Defined>,
    pub claims: Vec<ClaimDef>,
}

struct Defined {
    def: FigureDef,
    /// The output file, relative to the repository root (`code/<crate>/output/<listing>.txt`).
    output: String,
}

/// Reads a file's text, fresh (a measurement just run) or committed (the default).
pub type Read<'a> = &'a dyn Fn(&Path) -> Option<String>;

/// Reads the committed file under the repository root.
pub fn committed(root: &Path) -> impl Fn(&Path) -> Option<String> + '_ {
    move |path: &Path| std::fs::read_to_string(root.join(path)).ok()
}

impl Figures {
    /// Every `[[figure]]` of every `code/*/listings.toml` under `root`.
    pub fn load(root: &Path) -> Result<Figures, String> {
        let mut defs = BTreeMap::new();
        let mut claims = Vec::new();
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("code"))
            .map_err(|e| format!("{}: {e}", root.join("code").display()))?
            .flatten()
            .map(|entry| entry.path())
            .filter(|dir| dir.join("listings.toml").is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let listings = crate::Listings::read(&dir)?;
            let package = dir.file_name().unwrap().to_string_lossy().into_owned();
            claims.extend(listings.claims);
            for def in listings.figures {
                let Some((listing, what)) = def.name.split_once('.') else {
                    return Err(format!(
                        "code/{package}/listings.toml: figure `{}` must be named `<listing>.<what>`",
                        def.name
                    ));
                };
                if what.is_empty() || listing.is_empty() {
                    return Err(format!(
                        "code/{package}/listings.toml: figure `{}` must be named `<listing>.<what>`",
                        def.name
                    ));
                }
                let output = def
                    .output
                    .clone()
                    .unwrap_or_else(|| format!("code/{package}/output/{listing}.txt"));
                let name = def.name.clone();
                if defs.insert(name.clone(), Defined { def, output }).is_some() {
                    return Err(format!("figure `{name}` is defined twice"));
                }
            }
        }
        for claim in &claims {
            if !defs.contains_key(&claim.figure) {
                return Err(format!(
                    "the claim \"{}\" is about figure `{}`, which no listings.toml defines",
                    claim.text, claim.figure
                ));
            }
        }
        Ok(Figures { defs, claims })
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.defs.keys().map(String::as_str)
    }

    /// Whether another figure divides by this one.
    pub fn is_denominator(&self, name: &str) -> bool {
        self.defs
            .values()
            .any(|d| d.def.divided_by_figure.as_deref() == Some(name))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.defs.contains_key(name)
    }

    /// The output file a figure is read from, relative to the repository root.
    pub fn output(&self, name: &str) -> Option<&str> {
        self.defs.get(name).map(|d| d.output.as_str())
    }

    /// The output files a figure depends on (its own, and its denominator's).
    pub fn outputs(&self, name: &str) -> Vec<String> {
        let mut found = Vec::new();
        let mut next = Some(name.to_string());
        while let Some(name) = next.take() {
            let Some(defined) = self.defs.get(&name) else {
                break;
            };
            if !found.contains(&defined.output) {
                found.push(defined.output.clone());
            }
            if found.len() > 8 {
                break;
            }
            next = defined.def.divided_by_figure.clone();
        }
        found
    }

    /// The figure's value, read from its output file through `read`.
    pub fn value(&self, name: &str, read: Read) -> Result<f64, String> {
        self.value_at_depth(name, read, 0)
    }

    fn value_at_depth(
        &self,
        name: &str,
        read: Read,
        depth: usize,
    ) -> Result<f64, String> {
        if depth > 8 {
            return Err(format!(
                "figure `{name}`: `divided-by-figure` goes round in a circle"
            ));
        }
        let defined = self.defs.get(name).ok_or_else(|| {
            format!("no figure is named `{name}` (define it in a listings.toml)")
        })?;
        let def = &defined.def;
        let text = read(Path::new(&defined.output))
            .ok_or_else(|| format!("figure `{name}`: {} is missing", defined.output))?;
        let context = |e: String| format!("figure `{name}` in {}: {e}", defined.output);
        let mut value = number(&text, &def.value).map_err(context)?;
        if let Some(pattern) = &def.divided_by {
            value /= number(&text, pattern).map_err(context)?;
        }
        if let Some(other) = &def.divided_by_figure {
            value /= self.value_at_depth(other, read, depth + 1)?;
        }
        if let Some(scale) = def.scale {
            value *= scale;
        }
        if !value.is_finite() {
            return Err(format!(
                "figure `{name}` in {}: {value} is not a number",
                defined.output
            ));
        }
        Ok(value)
    }

    /// The figure as the text prints it: "348", "1.87", "15,101".
    pub fn text(&self, name: &str, read: Read) -> Result<String, String> {
        let value = self.value(name, read)?;
        let decimals = self.defs[name].def.decimals;
        Ok(format_number(value, decimals))
    }
}

/// The first group of `pattern` in `text`, as a number ("15,101" reads as 15101).
pub fn number(text: &str, pattern: &str) -> Result<f64, String> {
    let regex = Regex::new(pattern).map_err(|e| format!("bad regex {pattern:?}: {e}"))?;
    let captures = regex
        .captures(text)
        .ok_or_else(|| format!("no match for {pattern:?}"))?;
    let found = captures
        .get(1)
        .ok_or_else(|| format!("{pattern:?} has no group"))?
        .as_str();
    found
        .replace(',', "")
        .parse()
        .map_err(|_| format!("{found:?} (matched by {pattern:?}) is not a number"))
}

/// About three significant digits, thousands separated: 348, 21.4, 1.87, 0.53, 15,101.
pub fn format_number(value: f64, decimals: Option<usize>) -> String {
    let decimals = decimals.unwrap_or(if value.abs() >= 100.0 {
        0
    } else if value.abs() >= 10.0 {
        1
    } else {
        2
    });
    let text = format!("{value:.decimals$}");
    let (sign, text) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |t| ("-", t));
    let (whole, fraction) = text
        .split_once('.')
        .map_or((text, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A `{{#figure NAME}}` or `{{#given TEXT}}` in a chapter.
pub struct Placeholder {
    /// Byte range of the whole `{{#...}}` in the chapter.
    pub range: std::ops::Range<usize>,
    pub line: usize,
    pub kind: PlaceholderKind,
}

pub enum PlaceholderKind {
    Figure(String),
    Given(String),
    /// `{{#outcomes <crate>/<model>}}`, or with ` set` after it (`set_only`): see
    /// [`crate::outcomes`].
    Outcomes {
        model: String,
        set_only: bool,
    },
    /// `{{#scheduler <crate>/<model>}}`: "be the scheduler", the race of that outcomes file
    /// played by hand (see [`crate::stepper`] and [`scheduler_html`]).
    Scheduler(String),
}

/// The placeholders of a chapter, outside fenced code blocks and code spans; `\{{#` is literal.
pub fn placeholders(markdown: &str) -> Vec<Placeholder> {
    let prose = prose_mask(markdown, false);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(start) = markdown[from..].find("{{#").map(|i| i + from) {
        let Some(end) = markdown[start..].find("}}").map(|i| i + start + 2) else {
            break;
        };
        from = end;
        let escaped = start > 0 && markdown.as_bytes()[start - 1] == b'\\';
        if escaped || !prose[start] {
            continue;
        }
        let inner = &markdown[start + 3..end - 2];
        let (kind, rest) = inner.split_once(' ').unwrap_or((inner, ""));
        let kind = match kind {
            "figure" => PlaceholderKind::Figure(rest.trim().to_string()),
            "given" => PlaceholderKind::Given(rest.trim().to_string()),
            "scheduler" => PlaceholderKind::Scheduler(rest.trim().to_string()),
            "outcomes" => {
                let mut words = rest.split_whitespace();
                let model = words.next().unwrap_or_default().to_string();
                let form: Vec<&str> = words.collect();
                PlaceholderKind::Outcomes {
                    model,
                    // Anything but nothing or `set` is reported by `expand`.
                    set_only: match form[..] {
                        [] => false,
                        ["set"] => true,
                        _ => {
                            found.push(Placeholder {
                                range: start..end,
                                line: line_of(markdown, start),
                                kind: PlaceholderKind::Outcomes {
                                    model: String::new(),
                                    set_only: false,
                                },
                            });
                            continue;
                        }
                    },
                }
            }
            _ => continue,
        };
        found.push(Placeholder {
            range: start..end,
            line: line_of(markdown, start),
            kind,
        });
    }
    found
}

/// Replaces every placeholder: a figure by its value (marked as measured, naming its output
/// file), a given by its text, an outcomes placeholder by its sentence or set (read from
/// `code/<crate>/output/outcomes/<model>.txt`). Errors name the line.
pub fn expand(
    markdown: &str,
    figures: &Figures,
    read: Read,
) -> Result<String, Vec<String>> {
    let mut out = String::with_capacity(markdown.len());
    let mut problems = Vec::new();
    let mut last = 0;
    for placeholder in placeholders(markdown) {
        out.push_str(&markdown[last..placeholder.range.start]);
        last = placeholder.range.end;
        match &placeholder.kind {
            PlaceholderKind::Figure(name) => match figures.text(name, read) {
                Ok(text) => {
                    let source = figures.outputs(name).join(" and ");
                    out.push_str(&format!(
                        "<span class=\"measured\" title=\"measured: {source}\">{text}</span>"
                    ));
                }
                Err(e) => problems.push(format!("line {}: {e}", placeholder.line)),
            },
            PlaceholderKind::Given(text) => {
                if text.is_empty() {
                    problems.push(format!(
                        "line {}: `{{{{#given}}}}` needs its text",
                        placeholder.line
                    ));
                }
                out.push_str(text);
            }
            PlaceholderKind::Outcomes { model, set_only } => {
                match outcomes_text(model, *set_only, read) {
                    Ok(text) => out.push_str(&text),
                    Err(e) => problems.push(format!("line {}: {e}", placeholder.line)),
                }
            }
            PlaceholderKind::Scheduler(model) => {
                let alone = alone_in_paragraph(markdown, placeholder.range.clone());
                match scheduler_html(model, read) {
                    Ok(html) if alone => out.push_str(&html),
                    Ok(_) => problems.push(format!(
                        "line {}: `{{{{#scheduler {model}}}}}` must be a paragraph of its own \
                         (a blank line before and after it), or the markdown around it breaks",
                        placeholder.line
                    )),
                    Err(e) => problems.push(format!("line {}: {e}", placeholder.line)),
                }
            }
        }
    }
    out.push_str(&markdown[last..]);
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// The committed outcome file of `<package>/<name>` (`model`), parsed, with its path.
fn committed_outcomes(
    model: &str,
    package: &str,
    name: &str,
    read: Read,
) -> Result<(String, crate::outcomes::Outcomes), String> {
    let path = crate::outcomes::file(package, name);
    let text = read(Path::new(&path)).ok_or_else(|| {
        format!(
            "no outcomes named `{model}`: {path} is missing (a model of \
             code/{package}/examples/outcomes/, written by `cargo xtask outcomes`)"
        )
    })?;
    let outcomes =
        crate::outcomes::Outcomes::parse(&text).map_err(|e| format!("{path}: {e}"))?;
    Ok((path, outcomes))
}

/// The text of `{{#outcomes <crate>/<model>}}` (`set_only`: of `{{#outcomes <crate>/<model> set}}`).
fn outcomes_text(model: &str, set_only: bool, read: Read) -> Result<String, String> {
    let usage =
        "write `{{#outcomes <crate>/<model>}}` or `{{#outcomes <crate>/<model> set}}`";
    let Some((package, name)) = model.split_once('/') else {
        return Err(format!("`{{{{#outcomes {model}}}}}`: {usage}"));
    };
    let (path, outcomes) = committed_outcomes(model, package, name, read)?;
    let text = if set_only {
        outcomes.set()
    } else {
        outcomes.sentence()
    };
    Ok(format!(
        "<span class=\"outcomes\" title=\"enumerated and sampled: {path}\">{text}</span>"
    ))
}

/// Whether `range` is a whole line with a blank line (or the start, or the end) on each side.
fn alone_in_paragraph(markdown: &str, range: std::ops::Range<usize>) -> bool {
    let (before, after) = (&markdown[..range.start], &markdown[range.end..]);
    let (above, line_start) = before.rsplit_once('\n').unwrap_or(("", before));
    let (line_end, below) = after.split_once('\n').unwrap_or((after, ""));
    let blank = |line: Option<&str>| line.is_none_or(|l| l.trim().is_empty());
    line_start.trim().is_empty()
        && line_end.trim().is_empty()
        && blank(above.rsplit('\n').next())
        && blank(below.split('\n').next())
}

/// The page's contract for `{{#scheduler <crate>/<model>}}`: an empty
/// `<div class="scheduler" data-model="<crate>/<model>" data-spec='JSON'>` (JSON escaped for
/// the attribute), which `book/theme-extra/scheduler.js` fills in. The JSON holds the stepper
/// (`code/<crate>/examples/outcomes/<model>.stepper.toml`: threads, steps, actions, challenge,
/// outcome template) and the outcomes file's `possible:` set, `observed:` counts and runs.
pub fn scheduler_html(model: &str, read: Read) -> Result<String, String> {
    let Some((package, name)) = model.split_once('/') else {
        return Err(format!(
            "`{{{{#scheduler {model}}}}}`: write `{{{{#scheduler <crate>/<model>}}}}`"
        ));
    };
    let (_, outcomes) = committed_outcomes(model, package, name, read)?;
    let stepper_path = crate::stepper::file(package, name);
    let stepper_text = read(Path::new(&stepper_path)).ok_or_else(|| {
        format!("no stepper for `{model}`: {stepper_path} is missing (see REFERENCE.md)")
    })?;
    let stepper = crate::stepper::Model::parse(&stepper_text)
        .map_err(|e| format!("{stepper_path}: {e}"))?;
    if stepper.model != name {
        return Err(format!(
            "{stepper_path}: its `model` is `{}`, not `{name}`",
            stepper.model
        ));
    }
    let threads: Vec<serde_json::Value> = stepper
        .threads
        .iter()
        .map(|t| {
            let steps: Vec<serde_json::Value> = t
                .steps
                .iter()
                .map(|s| serde_json::json!({"code": s.code, "note": s.note, "do": s.action}))
                .collect();
            serde_json::json!({"name": t.name, "locals": t.locals, "steps": steps})
        })
        .collect();
    let observed: Vec<serde_json::Value> = outcomes
        .observed
        .iter()
        .map(|(o, n)| serde_json::json!([o, n]))
        .collect();
    let spec = serde_json::json!({
        "model": model,
        "listing": format!("code/{package}/{}", stepper.listing),
        "what": outcomes.model,
        "challenge": stepper.challenge,
        "outcome": stepper.outcome,
        "shared": stepper.shared,
        "threads": threads,
        "buffer_suffix": crate::stepper::BUFFER_SUFFIX,
        "possible": outcomes.possible,
        "observed": observed,
        "runs": outcomes.runs,
        "checker": outcomes.checker,
        "executions": outcomes.executions,
    });
    let attribute = spec
        .to_string()
        .replace('&', "&amp;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Ok(format!(
        "<div class=\"scheduler\" data-model=\"{model}\" data-spec='{attribute}'></div>"
    ))
}

/// Words that compare or describe a measured number: in a sentence with a `{{#figure}}`, they
/// make the sentence a claim about it ("twice as fast", "grows", "about the same").
static COMPARATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(faster|slower|quicker|higher|lower|more|less|fewer|larger|smaller|bigger|longer|shorter|grows?|grew|growing|shrinks?|falls?|fell|drops?|rises?|stays?|remains?|same|similar|times|twice|half|nearly|almost|roughly|close to|barely|hardly|much|far|most|least|better|worse|exceeds?|doubles?|halves|linear(ly)?|constant|flat|scales?|ahead|behind|slowest|fastest)\b",
    )
    .expect("a valid regex")
});

/// Placeholders and code spans: not the sentence's words.
static NOT_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#[^}]*\}\}|`[^`]*`").expect("a valid regex"));

/// Sentences of `markdown` that quote a measured figure with words that compare or describe it
/// ([`COMPARATIVE`]) while no figure of the sentence has a claim: `(line, figure, word)`.
/// Words about a measurement are a claim, and a claim is checked only when it is written down.
pub fn unclaimed_comparisons(
    markdown: &str,
    claimed: &dyn Fn(&str) -> bool,
) -> Vec<(usize, String, String)> {
    let bytes = markdown.as_bytes();
    let sentence_end = |at: usize| -> bool {
        let rest = &bytes[at..];
        [
            &b"\n\n"[..],
            b". ",
            b"! ",
            b"? ",
            b".\n",
            b"!\n",
            b"?\n",
            b":\n",
        ]
        .iter()
        .any(|end| rest.starts_with(end))
    };
    let figures: Vec<Placeholder> = placeholders(markdown)
        .into_iter()
        .filter(|p| matches!(p.kind, PlaceholderKind::Figure(_)))
        .collect();
    let mut found = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for figure in &figures {
        let mut start = figure.range.start;
        while start > 0
            && !sentence_end(start - 1)
            && !sentence_end(start.saturating_sub(2))
        {
            start -= 1;
        }
        let mut end = figure.range.end;
        while end < markdown.len() && !sentence_end(end) {
            end += 1;
        }
        if !reported.insert(start) {
            continue;
        }
        let sentence = &markdown[start..end];
        let names: Vec<&str> = figures
            .iter()
            .filter(|p| p.range.start >= start && p.range.end <= end)
            .filter_map(|p| match &p.kind {
                PlaceholderKind::Figure(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        if names.iter().any(|name| claimed(name)) {
            continue;
        }
        // The words, without placeholders and code spans.
        let words = NOT_WORDS.replace_all(sentence, " ");
        if let Some(word) = COMPARATIVE.find(&words) {
            found.push((figure.line, names.join(", "), word.as_str().to_string()));
        }
    }
    found
}

/// A number written into the prose that looks like a measurement: (line, what was written).
///
/// Prose only: fenced code blocks, code spans, placeholders, HTML tags and comments, link
/// targets, block quotes and text in double quotes (a quotation) are not read. The shapes:
/// "N times faster/slower/more/less/...", "twice as ...", "N×", "N %", "N ns/µs/ms/s/seconds",
/// "N B/KiB/MiB/GiB/KB/MB/GB/bytes", where N is digits or a number word ("a hundred").
pub fn typed_figures(markdown: &str) -> Vec<(usize, String)> {
    static SHAPES: LazyLock<Regex> = LazyLock::new(|| {
        let num = r"(?:\d[\d,]*(?:\.\d+)?|(?:a\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|hundreds|thousands|millions|tens|dozens?))";
        let comparison = r"(?:faster|slower|more|less|fewer|longer|shorter|larger|smaller|bigger|higher|lower|cheaper|as|the|over)";
        Regex::new(&format!(
            r"(?i)\b(?:{num}(?:\s+|-)times\s+{comparison}\b|{num}-fold\b|twice\s+as\b|{num}\s*×|\d[\d,]*(?:\.\d+)?x\b|{num}\s*(?:%|per\s?cent\b)|{num}\s*(?:ns|µs|μs|us|ms)\b|{num}\s+(?:s|secs?|seconds?|milliseconds?|microseconds?|nanoseconds?|minutes?)\b|\d+\.\d+s\b|{num}\s*(?:KiB|MiB|GiB|TiB|KB|kB|MB|GB|TB|bytes?|kilobytes?|megabytes?|gigabytes?)\b|\d[\d,]*(?:\.\d+)?\s+B\b)"
        ))
        .unwrap()
    });
    let prose = prose_mask(markdown, true);
    let masked: String = markdown
        .char_indices()
        .map(|(i, c)| if prose[i] || c == '\n' { c } else { ' ' })
        .collect();
    SHAPES
        .find_iter(&masked)
        // "Listing 4-3 times the variants": a number glued to a hyphen or a point is a label.
        .filter(|m| !masked[..m.start()].ends_with(['-', '.']))
        .map(|m| {
            (
                line_of(markdown, m.start()),
                m.as_str().split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect()
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte].matches('\n').count() + 1
}

/// For each byte of `markdown`: is it text where a placeholder is expanded (`lint` false: all
/// but fenced code blocks and code spans), or prose the typed-figure lint reads (`lint` true:
/// also not `{{#...}}`, HTML tags and comments, link targets, block quotes and double-quoted
/// text, a quotation)?
fn prose_mask(markdown: &str, lint: bool) -> Vec<bool> {
    let bytes = markdown.as_bytes();
    let mut mask = vec![true; bytes.len() + 1];
    let blank = |mask: &mut Vec<bool>, range: std::ops::Range<usize>| {
        for flag in &mut mask[range] {
            *flag = false;
        }
    };
    // Line-level: fenced blocks and block quotes.
    let mut fence: Option<String> = None;
    let mut start = 0;
    for line in markdown.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = line.trim_start();
        let marker: String = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        match &fence {
            Some(open) => {
                blank(&mut mask, start..end);
                if trimmed.trim_end() == open.as_str() {
                    fence = None;
                }
            }
            None if marker.len() >= 3 => {
                blank(&mut mask, start..end);
                fence = Some(marker);
            }
            None if lint && trimmed.starts_with('>') => blank(&mut mask, start..end),
            None => {}
        }
        start = end;
    }
    // Inline: spans that are not the book's own prose. Quotes end at a blank line.
    let mut i = 0;
    while i < bytes.len() {
        if !mask[i] {
            i += 1;
            continue;
        }
        let rest = &markdown[i..];
        let close = if rest.starts_with('`') {
            let ticks = rest.bytes().take_while(|&b| b == b'`').count();
            rest[ticks..]
                .find(&"`".repeat(ticks))
                .map(|j| j + 2 * ticks)
        } else if !lint {
            None
        } else if rest.starts_with("{{#") {
            rest.find("}}").map(|j| j + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|j| j + 3)
        } else if rest.starts_with('<')
            && rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        {
            rest.find('>').map(|j| j + 1)
        } else if rest.starts_with("](") {
            rest.find(')').map(|j| j + 1)
        } else if let Some(quoted) = rest.strip_prefix('"') {
            quoted
                .find('"')
                .map(|j| j + 2)
                .filter(|&j| !rest[..j].contains("\n\n"))
        } else if rest.starts_with('“') {
            rest.find('”')
                .map(|j| j + '”'.len_utf8())
                .filter(|&j| !rest[..j].contains("\n\n"))
        } else {
            None
        };
        match close {
            Some(len) => {
                blank(&mut mask, i..i + len);
                i += len;
            }
            None => i += rest.chars().next().map_or(1, char::len_utf8),
        }
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes(text: &str) -> Vec<String> {
        typed_figures(text).into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn typed_measurements_are_found_with_their_line() {
        let text = "Intro.\n\nThat makes it 12 times faster, roughly a hundred times slower,\n\
                    348× the cost, 37 % lost, 5 ms a turn, 96.2 MiB resident, 2.5 s in all.\n";
        assert_eq!(
            shapes(text),
            [
                "12 times faster",
                "a hundred times slower",
                "348×",
                "37 %",
                "5 ms",
                "96.2 MiB",
                "2.5 s"
            ]
        );
        assert_eq!(typed_figures(text)[0].0, 3);
        assert_eq!(typed_figures(text)[3].0, 4);
    }

    #[test]
    fn words_about_a_figure_without_a_claim_are_found_in_its_sentence_only() {
        let text = "Threads are cheap. One run took {{#figure a.ms}} ms, twice \
                    the time of one thread.\n\nIt printed {{#figure b.count}} lines. Faster \
                    machines print the same.\n\nThe ratio is {{#figure c.ratio}}, much \
                    higher — and a claim says so.\n";
        let claimed = |name: &str| name == "c.ratio";
        let found = unclaimed_comparisons(text, &claimed);
        assert_eq!(
            found,
            [(1, "a.ms".to_string(), "twice".to_string())],
            "b.count's sentence has no comparative; c.ratio has a claim"
        );
    }

    #[test]
    fn code_placeholders_quotes_and_links_are_not_prose() {
        let text = "A `sleep(200 ms)` call, a {{#given 200 ms}} delay, {{#figure a.b}} times \
                    faster, \"x10, 4.09 s\", [a link](https://e.org/5-ms) and <span title=\"5 ms\">.\n\
                    > quoted: 12 times faster\n\nListing 4-3 times the variants.\n\n```text\n12 times faster\n```\n";
        assert_eq!(shapes(text), Vec::<String>::new());
    }

    #[test]
    fn placeholders_expand_and_name_their_line() {
        let root =
            std::env::temp_dir().join(format!("figures-test-{}", std::process::id()));
        let crate_dir = root.join("code/demo");
        std::fs::create_dir_all(crate_dir.join("output")).unwrap();
        std::fs::write(
            crate_dir.join("listings.toml"),
            "[[figure]]\nname = \"pp.ratio\"\nvalue = 'one: ([0-9,.]+)'\ndivided-by = 'two: ([0-9.]+)'\n\n\
             [[figure]]\nname = \"pp.count\"\nvalue = 'one: ([0-9,.]+)'\n",
        )
        .unwrap();
        std::fs::write(crate_dir.join("output/pp.txt"), "one: 15,101\ntwo: 43.4\n")
            .unwrap();
        let figures = Figures::load(&root).unwrap();
        let read = committed(&root);
        let out = expand(
            "It is {{#figure pp.ratio}} times slower ({{#figure pp.count}} trips), \\{{#figure x}}, {{#given 2 s}}.",
            &figures,
            &read,
        )
        .unwrap();
        assert_eq!(
            out,
            "It is <span class=\"measured\" title=\"measured: code/demo/output/pp.txt\">348</span> times slower \
             (<span class=\"measured\" title=\"measured: code/demo/output/pp.txt\">15,101</span> trips), \\{{#figure x}}, 2 s."
        );
        let problems = expand("a\n{{#figure pp.missing}}", &figures, &read).unwrap_err();
        assert!(
            problems[0].starts_with("line 2: no figure is named `pp.missing`"),
            "{problems:?}"
        );
        std::fs::write(crate_dir.join("output/pp.txt"), "one: 1.2.3\n").unwrap();
        let problems = expand("{{#figure pp.count}}", &figures, &read).unwrap_err();
        assert!(problems[0].contains("is not a number"), "{problems:?}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn outcomes_placeholders_expand_and_unknown_ones_fail() {
        let root =
            std::env::temp_dir().join(format!("outcomes-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("code/demo/output/outcomes")).unwrap();
        std::fs::write(
            root.join("code/demo/output/outcomes/race.txt"),
            "model: m\npossible: 1\npossible: 2\nchecker: loom\nexecutions: 3\n\
             observed: 2 ×5\nruns: 5\nsampler: s\nmachine: here\n",
        )
        .unwrap();
        std::fs::write(root.join("code/demo/listings.toml"), "").unwrap();
        let figures = Figures::load(&root).unwrap();
        let read = committed(&root);
        let out = expand("{{#outcomes demo/race set}}", &figures, &read).unwrap();
        assert!(out.ends_with(">{`1`, `2`}</span>"), "{out}");
        let out = expand("{{#outcomes demo/race}}", &figures, &read).unwrap();
        assert!(out.contains("(loom, 3 executions)"), "{out}");
        assert!(out.contains("`2` ×5; never seen: `1`."), "{out}");
        for wrong in [
            "{{#outcomes demo/other}}",
            "{{#outcomes race}}",
            "{{#outcomes demo/race all}}",
        ] {
            let problems = expand(&format!("a\n{wrong}"), &figures, &read).unwrap_err();
            assert!(problems[0].starts_with("line 2: "), "{wrong}: {problems:?}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_scheduler_expands_to_its_div_alone_in_its_paragraph() {
        let root =
            std::env::temp_dir().join(format!("scheduler-test-{}", std::process::id()));
        std::fs::create_dir_all(root.join("code/demo/output/outcomes")).unwrap();
        std::fs::create_dir_all(root.join("code/demo/examples/outcomes")).unwrap();
        std::fs::write(
            root.join("code/demo/output/outcomes/two-race.txt"),
            "model: m\npossible: 1\npossible: 2\nchecker: loom\nexecutions: 3\n\
             observed: 2 ×5\nruns: 5\nsampler: s\nmachine: here\n",
        )
        .unwrap();
        std::fs::write(
            root.join("code/demo/examples/outcomes/two_race.stepper.toml"),
            "model = \"two-race\"\nlisting = \"src/bin/x.rs\"\nchallenge = \"Don't <b>\"\n\
             outcome = \"{n}\"\nshared = { n = 0 }\n[[thread]]\nname = \"a\"\n\
             step = [{ code = \"n += 1;\", do = \"n = n + 1\" }]\n",
        )
        .unwrap();
        std::fs::write(root.join("code/demo/listings.toml"), "").unwrap();
        let figures = Figures::load(&root).unwrap();
        let read = committed(&root);
        let out = expand(
            "Text.\n\n{{#scheduler demo/two-race}}\n\nMore.",
            &figures,
            &read,
        )
        .unwrap();
        assert!(
            out.contains(
                "\n\n<div class=\"scheduler\" data-model=\"demo/two-race\" data-spec='{"
            ),
            "{out}"
        );
        assert!(out.ends_with("}'></div>\n\nMore."), "{out}");
        assert!(
            out.contains("Don&#39;t &lt;b&gt;")
                && out.contains("\"possible\":[\"1\",\"2\"]")
        );
        for wrong in [
            "a\n{{#scheduler demo/two-race}}",
            "a\n\n{{#scheduler demo/two-race}}\nb",
            "a\n\nsee {{#scheduler demo/two-race}}",
            "a\n\n{{#scheduler demo/other}}",
            "a\n\n{{#scheduler two-race}}",
        ] {
            let problems = expand(wrong, &figures, &read).unwrap_err();
            assert!(problems[0].starts_with("line "), "{wrong}: {problems:?}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn numbers_print_with_about_three_digits() {
        assert_eq!(format_number(348.4, None), "348");
        assert_eq!(format_number(15101.0, None), "15,101");
        assert_eq!(format_number(21.44, None), "21.4");
        assert_eq!(format_number(1.874, None), "1.87");
        assert_eq!(format_number(0.5, Some(1)), "0.5");
        assert_eq!(format_number(1234567.0, Some(0)), "1,234,567");
    }
}
