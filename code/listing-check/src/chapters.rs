//! The book's chapters as the reader sees them: loaded and expanded by mdBook's own library,
//! with every include, figure, claim and link checked. Used by `tests/build.rs` (which turns the
//! chapters into tests) and `cargo xtask` (`check`, `links`); behind this crate's `book` feature,
//! which the chapter crates leave off.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use crate::figures::{self, Figures};
use crate::{Listings, OutputKind};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_preprocessors::LinkPreprocessor;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};

pub struct Chapter {
    /// `book/<path>`, as a contributor would open it.
    pub source: String,
    /// The name of the expanded copy skeptic reads; it becomes the prefix of each test's name.
    pub file_name: String,
    /// The chapter after mdBook's link preprocessor.
    pub expanded: String,
}

/// Loads the book as `mdbook build` does and expands its links with mdBook's own preprocessor,
/// after checking every include in the raw chapters.
pub fn expand_chapters(root: &Path) -> Result<Vec<Chapter>, Vec<String>> {
    let book = MDBook::load(root)
        .map_err(|e| vec![format!("mdBook could not load the book: {e:#}")])?;
    let src_dir = root.join(&book.config.book.src);
    let mut problems = duplicate_binaries(root);
    let figures = Figures::load(root);
    if let Err(e) = &figures {
        problems.push(e.clone());
    }
    let mut used = BTreeSet::new();
    // Problems with the measured figures and the link list (fatal once FIGURES_FAIL is set).
    let mut figure_problems = Vec::new();
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            let source = format!("book/{}", path.display());
            let dir = src_dir.join(path).parent().unwrap().to_path_buf();
            check_includes(&source, &chapter.content, &dir, &mut problems);
            if let Ok(figures) = &figures {
                check_figures(
                    root,
                    &source,
                    &chapter.content,
                    figures,
                    &mut used,
                    &mut figure_problems,
                );
            }
        }
    }
    if let Ok(figures) = &figures {
        check_claims(root, figures, &used, &mut figure_problems);
    }
    check_external_links_listed(root, &book, &mut figure_problems);
    check_predict_questions(&book, &mut problems);
    if FIGURES_FAIL {
        problems.extend(figure_problems);
    } else {
        warnings().extend(figure_problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let ctx =
        PreprocessorContext::new(root.to_path_buf(), book.config.clone(), "html".into());
    let expanded = LinkPreprocessor::new()
        .run(&ctx, book.book.clone())
        .map_err(|e| vec![format!("mdBook's link preprocessor failed: {e:#}")])?;
    let mut chapters = Vec::new();
    for item in expanded.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            let source = format!("book/{}", path.display());
            // mdBook leaves a directive it could not expand in the page as it was.
            for directive in directives(&chapter.content) {
                problems.push(format!("{source}: mdBook left `{directive}` unexpanded"));
            }
            let file_name = path.to_string_lossy().replace(['/', '\\'], "__");
            chapters.push(Chapter {
                source,
                file_name,
                expanded: chapter.content.clone(),
            });
        }
    }
    if problems.is_empty() {
        Ok(chapters)
    } else {
        Err(problems)
    }
}

/// Whether the figure and link problems fail the build. A switch for a large conversion (a
/// new rule for every chapter): false lets `cargo xtask check` list them without failing.
pub const FIGURES_FAIL: bool = true;

/// Problems reported by `cargo xtask check` that do not (yet) fail the build.
pub fn warnings() -> std::sync::MutexGuard<'static, Vec<String>> {
    static WARNINGS: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    WARNINGS.lock().unwrap_or_else(|e| e.into_inner())
}

/// The measured figures of one raw chapter: no number typed where a measurement belongs, and
/// every `{{#figure}}` defined and readable from the committed output file it names.
fn check_figures(
    root: &Path,
    source: &str,
    content: &str,
    figures: &Figures,
    used: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    for (line, typed) in figures::typed_figures(content) {
        problems.push(format!(
            "{source}, line {line}: `{typed}` is typed: a measurement is written \
             {{{{#figure NAME}}}} (NAME defined in a listings.toml), an input, setting or quoted \
             figure {{{{#given {typed}}}}}"
        ));
    }
    for placeholder in figures::placeholders(content) {
        if let figures::PlaceholderKind::Figure(name) = placeholder.kind {
            used.insert(name);
        }
    }
    let claimed = |name: &str| figures.claims.iter().any(|c| c.figure == name);
    for (line, names, word) in figures::unclaimed_comparisons(content, &claimed) {
        problems.push(format!(
            "{source}, line {line}: the sentence with {{{{#figure {names}}}}} says \"{word}\" \
             about it, and no [[claim]] bounds that figure: words about a measurement are a \
             claim. Add one (listings.toml), or say only what the number is"
        ));
    }
    if let Err(found) = figures::expand(content, figures, &figures::committed(root)) {
        problems.extend(found.into_iter().map(|p| format!("{source}, {p}")));
    }
}

/// Every figure is used (by a chapter or a claim), and every claim holds for the committed
/// outputs, the ones the book shows.
fn check_claims(
    root: &Path,
    figures: &Figures,
    used: &BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let read = figures::committed(root);
    for claim in &figures.claims {
        match figures.value(&claim.figure, &read) {
            Ok(value) if !claim.holds(value) => problems.push(format!(
                "book/{}: the claim \"{}\" does not hold for the output the book shows: \
                 figure `{}` is {} (must be {}). Fix the text, or the claim's bounds.",
                claim.chapter,
                claim.text,
                claim.figure,
                figures::format_number(value, None),
                claim.bound()
            )),
            Ok(_) => {}
            Err(e) => problems.push(format!("book/{}: {e}", claim.chapter)),
        }
    }
    for name in figures.names() {
        if !used.contains(name)
            && !figures.is_denominator(name)
            && !figures.claims.iter().any(|c| c.figure == name)
        {
            problems.push(format!(
                "figure `{name}` is defined but no chapter and no claim uses it: remove it, or \
                 write {{{{#figure {name}}}}} where the text states it"
            ));
        }
    }
}

/// The list of the book's external links, as `cargo xtask links` writes it.
pub const EXTERNAL_LINKS: &str = "book/external-links.txt";

/// Every external link of the book's chapters (markdown links and autolinks, not code), with the
/// chapters that use it. Links to this machine (the lab server) are not external.
pub fn external_links(book: &MDBook) -> BTreeMap<String, BTreeSet<String>> {
    let mut links: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in book.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            for event in Parser::new(&chapter.content) {
                if let Event::Start(Tag::Link { dest_url, .. }) = event
                    && (dest_url.starts_with("http://")
                        || dest_url.starts_with("https://"))
                    && !dest_url.contains("://127.0.0.1")
                    && !dest_url.contains("://localhost")
                {
                    links
                        .entry(dest_url.to_string())
                        .or_default()
                        .insert(path.display().to_string());
                }
            }
        }
    }
    links
}

/// The text of `book/external-links.txt` for these links.
pub fn external_links_text(links: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut text = String::from(
        "# Every external link of the book, with the chapters that use it. Written by\n\
         # `cargo xtask links`; the tests fail when it is out of date. CI has no internet, so the\n\
         # links themselves are checked by `cargo xtask links --online` (it needs curl).\n",
    );
    for (url, chapters) in links {
        let chapters: Vec<&str> = chapters.iter().map(String::as_str).collect();
        let _ = writeln!(text, "{url} {}", chapters.join(" "));
    }
    text
}

fn check_external_links_listed(root: &Path, book: &MDBook, problems: &mut Vec<String>) {
    let expected = external_links_text(&external_links(book));
    if std::fs::read_to_string(root.join(EXTERNAL_LINKS))
        .ok()
        .as_deref()
        != Some(&expected)
    {
        problems.push(format!(
            "{EXTERNAL_LINKS} does not list the book's external links as they are now: run \
             `cargo xtask links` and review the diff (`cargo xtask links --online` checks them)"
        ));
    }
}

/// The "predict, then look" questions (issue 18): every chapter from chapter 2 on (a sub-page
/// `chNN-M-*.md` counts for chapter NN) has at least one, and each is written
///
/// ```html
/// <details class="predict">
/// <summary>Predict: the question</summary>
///
/// the answer, in markdown, with a {{#figure NAME}} or {{#outcomes MODEL set}} placeholder
///
/// </details>
/// ```
///
/// so that its answer is generated (it cannot go stale) and mdBook renders the markdown inside,
/// just before a listing's output (see [`predict_questions`]).
fn check_predict_questions(book: &MDBook, problems: &mut Vec<String>) {
    // Chapters whose questions (on outcome sets) another change is still adding.
    const PENDING: &[&str] = &[];
    // Chapter number -> (its top-level page, whether any of its pages has a question).
    let mut chapters: BTreeMap<String, (Option<String>, bool)> = BTreeMap::new();
    for item in book.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(path) = &chapter.path else { continue };
        let name = path.to_string_lossy();
        let Some(number) = name
            .strip_prefix("ch")
            .and_then(|rest| rest.get(..2))
            .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        let rest = &name[4..];
        let top_level =
            rest.starts_with('-') && !rest[1..].starts_with(|c: char| c.is_ascii_digit());
        let entry = chapters.entry(number.to_string()).or_default();
        if top_level {
            entry.0 = Some(format!("book/{name}"));
        }
        if predict_questions(&format!("book/{name}"), &chapter.content, problems) > 0 {
            entry.1 = true;
        }
    }
    for (number, (page, asked)) in chapters {
        if number.as_str() >= "02" && !asked && !PENDING.contains(&number.as_str()) {
            let page = page.unwrap_or_else(|| format!("chapter {number}"));
            problems.push(format!(
                "{page}: no \"predict, then look\" question; put a \
                 `<details class=\"predict\">` before one of its outputs (see REFERENCE.md)"
            ));
        }
    }
}

/// The questions of one page (`page`, as a problem names it): how many it has, with a problem
/// for each that is not written as [`check_predict_questions`] shows, or that is not followed by
/// a listing's output: after `</details>`, at most one paragraph (the "one possible run" line,
/// which must stay right above the block), then a fenced block that includes an `output/` file.
fn predict_questions(page: &str, content: &str, problems: &mut Vec<String>) -> usize {
    const OPEN: &str = "<details class=\"predict\">";
    const CLOSE: &str = "</details>";
    let starts: Vec<usize> = Parser::new(content)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::HtmlBlock) if content[range.start..].starts_with(OPEN) => {
                Some(range.start)
            }
            _ => None,
        })
        .collect();
    for &start in &starts {
        let line = content[..start].matches('\n').count() + 1;
        let at = format!("{page}, line {line}: the question");
        let Some(end) = content[start..].find(CLOSE).map(|i| start + i) else {
            problems.push(format!("{at} has no `{CLOSE}`"));
            continue;
        };
        let block = &content[start + OPEN.len()..end];
        let Some((summary, body)) = block
            .trim_start()
            .strip_prefix("<summary>")
            .and_then(|rest| rest.split_once("</summary>"))
        else {
            problems.push(format!(
                "{at} must start with `<summary>Predict: ...</summary>` on the next line"
            ));
            continue;
        };
        if !summary.trim_start().starts_with("Predict:") {
            problems.push(format!("{at}: its summary must start with \"Predict:\""));
        }
        if !body.starts_with("\n\n") || !body.ends_with("\n\n") {
            problems.push(format!(
                "{at}: leave a blank line after `</summary>` and before `{CLOSE}`, or \
                 mdBook shows the answer's markdown as it is"
            ));
        }
        if !body.contains("{{#figure ") && !body.contains("{{#outcomes ") {
            problems.push(format!(
                "{at}: its answer must come from a listing's output, through a \
                 {{{{#figure NAME}}}} or {{{{#outcomes MODEL set}}}} placeholder, so it \
                 cannot go stale"
            ));
        }
        if !precedes_an_output(&content[end + CLOSE.len()..]) {
            problems.push(format!(
                "{at} must come just before a listing's output: after `{CLOSE}`, at most one \
                 paragraph (the \"one possible run\" line), then the ```text block that \
                 includes its output/ file"
            ));
        }
    }
    starts.len()
}

/// Whether `after` (what follows a question's `</details>`) is at most one paragraph, then a
/// fenced block whose first line includes an `output/` file.
fn precedes_an_output(after: &str) -> bool {
    let mut lines = after
        .lines()
        .skip(1)
        .skip_while(|l| l.trim().is_empty())
        .peekable();
    if lines.peek().is_some_and(|l| !l.starts_with("```")) {
        while lines.peek().is_some_and(|l| !l.trim().is_empty()) {
            lines.next();
        }
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
    }
    lines.next().is_some_and(|l| l.starts_with("```"))
        && lines
            .next()
            .is_some_and(|l| l.contains("{{#include ") && l.contains("/output/"))
}

/// The `{{#include ...}}` and `{{#rustdoc_include ...}}` directives of a text, unescaped ones only.
fn directives(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(start) = rest.find("{{#") {
        let absolute = offset + start;
        let escaped = absolute > 0 && text.as_bytes()[absolute - 1] == b'\\';
        let tail = &rest[start..];
        let Some(end) = tail.find("}}") else { break };
        let directive = &tail[..end + 2];
        if !escaped
            && (directive.starts_with("{{#include ")
                || directive.starts_with("{{#rustdoc_include "))
        {
            found.push(directive.to_string());
        }
        offset = absolute + end + 2;
        rest = &text[offset..];
    }
    found
}

/// Checks each include of one raw chapter: the file exists, the anchor exists, no line ranges,
/// and an included output file of a `varies` listing is labelled "one possible run".
fn check_includes(source: &str, content: &str, dir: &Path, problems: &mut Vec<String>) {
    for directive in directives(content) {
        let at = content.find(&directive).unwrap();
        let line_start = content[..at].rfind('\n').map_or(0, |i| i + 1);
        if !content[line_start..at].trim().is_empty() || at > line_start {
            problems.push(format!(
                "{source}: `{directive}` is indented; mdBook indents only the first included line, \
                 so the block breaks. Put the code block at the start of its line (outside a list)"
            ));
            continue;
        }
        let inner = directive.trim_start_matches("{{#").trim_end_matches("}}");
        let (_, spec) = inner.split_once(' ').unwrap();
        let spec = spec.trim();
        let (file, anchor) = match spec.split_once(':') {
            Some((file, anchor)) => (file, Some(anchor)),
            None => (spec, None),
        };
        let path = dir.join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            problems.push(format!("{source}: `{directive}`: {file} does not exist"));
            continue;
        };
        match anchor {
            Some(anchor) if anchor.chars().all(|c| c.is_ascii_digit() || c == ':') => {
                problems.push(format!(
                    "{source}: `{directive}` uses a line range; mark the lines with \
                     `// ANCHOR: name` and `// ANCHOR_END: name` and include `{file}:name`"
                ));
            }
            Some(anchor) => {
                let has = |marker: &str| {
                    text.lines().any(|line| {
                        line.trim_start()
                            .trim_start_matches("//")
                            .trim_start_matches('#')
                            .trim()
                            .strip_prefix(marker)
                            .is_some_and(|rest| rest.trim() == anchor)
                    })
                };
                if !has("ANCHOR:") {
                    problems.push(format!(
                        "{source}: `{directive}`: {file} has no `ANCHOR: {anchor}`"
                    ));
                } else if !has("ANCHOR_END:") {
                    problems.push(format!(
                        "{source}: `{directive}`: {file} has no `ANCHOR_END: {anchor}`"
                    ));
                }
            }
            None => {}
        }
        check_output_label(source, content, &directive, &path, problems);
    }
}

/// An output file (`<crate>/output/<bin>.txt`) must be declared in its crate's `listings.toml`,
/// and when its output varies, the lines just above the block must say "one possible run".
fn check_output_label(
    source: &str,
    content: &str,
    directive: &str,
    path: &Path,
    problems: &mut Vec<String>,
) {
    let Some(parent) = path.parent() else { return };
    if parent.file_name().is_none_or(|name| name != "output")
        || path.extension().is_none_or(|e| e != "txt")
    {
        return;
    }
    let crate_dir = parent.parent().unwrap();
    let bin = path.file_stem().unwrap().to_string_lossy();
    // Outputs of programs that are not Rust listings (the Python baselines) are measurements:
    // they always vary.
    let varies_always = !crate_dir.join("Cargo.toml").exists();
    if varies_always {
        if !labelled_one_possible_run(content, directive) {
            problems.push(format!(
                "{source}: the output `{bin}` is a measurement, so the line above its output \
                 block must say \"one possible run\""
            ));
        }
        return;
    }
    let listings = match Listings::read(crate_dir) {
        Ok(listings) => listings,
        Err(e) => {
            problems.push(format!("{source}: {e}"));
            return;
        }
    };
    let Some(listing) = listings.listings.iter().find(|l| l.bin == bin) else {
        problems.push(format!(
            "{source}: `{directive}` shows an output, but {}/listings.toml does not declare `{bin}`",
            crate_dir.file_name().unwrap().to_string_lossy()
        ));
        return;
    };
    if listing.output == OutputKind::Varies
        && !labelled_one_possible_run(content, directive)
    {
        problems.push(format!(
            "{source}: the output of `{bin}` varies from run to run (listings.toml), so the \
             line above its output block must say \"one possible run\""
        ));
    }
}

/// Returns the chapter as skeptic should see it (compile_fail blocks turned into plain text, which
/// skeptic skips) and the tests for those compile_fail blocks.
pub fn split_compile_fail(
    chapter: &Chapter,
    problems: &mut Vec<String>,
) -> (String, String) {
    let text = &chapter.expanded;
    let mut for_skeptic = String::new();
    let mut tests = String::new();
    let mut copied_up_to = 0;
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    let parser = Parser::new(text).into_offset_iter();
    let mut current: Option<(String, usize, String)> = None;
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let line = text[..range.start].lines().count() + 1;
                current = Some((info.to_string(), line, String::new()));
                let tokens: Vec<&str> = info.split([',', ' ']).map(str::trim).collect();
                if tokens.contains(&"compile_fail") {
                    // Keep the fence characters, replace the info string.
                    let fence_end = text[range.start..]
                        .find('\n')
                        .map_or(range.end, |i| range.start + i);
                    let fence = &text[range.start..fence_end];
                    let marks = fence
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect::<String>();
                    for_skeptic.push_str(&text[copied_up_to..range.start]);
                    for_skeptic.push_str(&marks);
                    for_skeptic.push_str("text");
                    copied_up_to = fence_end;
                }
            }
            Event::Text(body) => {
                if let Some((_, _, code)) = current.as_mut() {
                    code.push_str(&body);
                }
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => {
                let Some((info, line, code)) = current.take() else {
                    continue;
                };
                let tokens: Vec<&str> = info.split([',', ' ']).map(str::trim).collect();
                // Every Rust block is compiled and run to its end (exit 0), or is compile_fail.
                for unsupported in ["should_panic", "no_run", "ignore"] {
                    if tokens.contains(&"rust") && tokens.contains(&unsupported) {
                        problems.push(format!(
                            "{}: the Rust block at line {line} is marked `{unsupported}`: every \
                             listing must compile and run to its end (or be compile_fail)",
                            chapter.source
                        ));
                    }
                }
                // Which blocks get the playground button is decided where the book is
                // rendered, from the whole file a block compiles (xtask/src/playground.rs).
                if !tokens.contains(&"compile_fail") {
                    continue;
                }
                // What the block must fail with: an error code, or, for the few errors rustc
                // prints without one, the message (`error=future-cannot-be-sent-...`).
                let mut expected: Vec<(String, String)> = tokens
                    .iter()
                    .filter(|t| {
                        t.len() == 5
                            && t.starts_with('E')
                            && t[1..].chars().all(|c| c.is_ascii_digit())
                    })
                    .map(|t| (t.to_string(), t.to_lowercase()))
                    .collect();
                expected.extend(tokens.iter().filter_map(|t| {
                    let words = t.strip_prefix("error=")?;
                    Some((
                        format!("error: {}", words.replace('-', " ")),
                        "message".to_string(),
                    ))
                }));
                let [(code_id, test_suffix)] = &expected[..] else {
                    problems.push(format!(
                        "{}: the compile_fail block at line {line} must name the one error it \
                         fails with: its code, as in ```rust,compile_fail,E0373, or for an error \
                         rustc prints without a code its message, as in \
                         ```rust,compile_fail,error=future-cannot-be-sent-between-threads-safely",
                        chapter.source
                    ));
                    continue;
                };
                let n = counts.entry(line).or_default();
                *n += 1;
                let source: String =
                    code.lines().map(|l| format!("{}\n", unhide(l))).collect();
                let name = format!(
                    "{}_compile_fail_{}_line_{line}",
                    sanitize(chapter.file_name.trim_end_matches(".md")),
                    test_suffix
                );
                writeln!(
                    tests,
                    "#[test]\nfn {name}() {{\n    crate::compile_fail({:?}, {line}, {:?}, r####\"{source}\"####);\n}}\n",
                    chapter.source, code_id
                )
                .unwrap();
            }
            _ => {}
        }
    }
    for_skeptic.push_str(&text[copied_up_to..]);
    (for_skeptic, tests)
}

/// A hidden line (`# ...`) as the compiler sees it, by rustdoc's and skeptic's rule.
fn unhide(line: &str) -> &str {
    let trimmed = line.trim_start();
    if let Some(rest) = trimmed.strip_prefix("# ") {
        rest
    } else if trimmed == "#" {
        ""
    } else {
        line
    }
}

fn sanitize(name: &str) -> String {
    let mapped: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    mapped
        .split('_')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("_")
}

/// Binaries of all crates share `target/debug/`, so two crates must not name a binary alike.
fn duplicate_binaries(root: &Path) -> Vec<String> {
    let mut owners: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for entry in std::fs::read_dir(root.join("code"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let crate_name = entry.file_name().to_string_lossy().into_owned();
        for bin in crate::binaries_on_disk(&entry.path()) {
            owners.entry(bin).or_default().push(crate_name.clone());
        }
    }
    owners
        .into_iter()
        .filter(|(_, crates)| crates.len() > 1)
        .map(|(bin, crates)| {
            let unique: BTreeSet<&String> = crates.iter().collect();
            format!(
                "binary `{bin}` is defined by several crates ({unique:?}): rename one"
            )
        })
        .collect()
}

/// Whether one of the three non-empty lines above `directive` says "one possible run".
fn labelled_one_possible_run(content: &str, directive: &str) -> bool {
    let at = content.find(directive).unwrap();
    content[..at]
        .lines()
        .rev()
        .filter(|l| !l.trim().is_empty())
        .take(3)
        .any(|line| line.to_lowercase().contains("one possible run"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const QUESTION: &str = "<details class=\"predict\">\n<summary>Predict: which?</summary>\n\n\
                            {{#outcomes demo/race set}}, because.\n\n</details>\n";
    const OUTPUT: &str = "```text\n{{#include ../code/demo/output/race.txt}}\n```\n";

    fn problems_of(content: &str) -> (usize, Vec<String>) {
        let mut problems = Vec::new();
        let asked = predict_questions("book/ch99-demo.md", content, &mut problems);
        (asked, problems)
    }

    #[test]
    fn a_question_just_before_an_output_passes() {
        for page in [
            format!("Text.\n\n{QUESTION}\n{OUTPUT}"),
            format!("{QUESTION}\nThis is one possible run:\n\n{OUTPUT}"),
            format!(
                "{QUESTION}\nIt varies from run to run;\nhere is one possible run:\n\n{OUTPUT}"
            ),
        ] {
            assert_eq!(problems_of(&page), (1, vec![]), "{page}");
        }
        assert_eq!(problems_of("No question.\n"), (0, vec![]));
    }

    #[test]
    fn each_rule_of_a_question_fails_the_build() {
        let cases = [
            (
                QUESTION.replace("Predict: ", ""),
                "must start with \"Predict:\"",
            ),
            (
                QUESTION.replace("{{#outcomes demo/race set}}", "`4`"),
                "placeholder",
            ),
            (
                QUESTION.replace("</summary>\n\n", "</summary>\n"),
                "blank line",
            ),
            (QUESTION.replace("</details>\n", ""), "has no `</details>`"),
        ];
        for (question, expected) in cases {
            let (asked, problems) = problems_of(&format!("{question}\n{OUTPUT}"));
            assert_eq!(asked, 1, "{question}");
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{expected}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_question_far_from_an_output_fails_the_build() {
        for page in [
            format!("{QUESTION}\nA paragraph.\n\nAnother one.\n\n{OUTPUT}"),
            format!(
                "{QUESTION}\n```rust\n{{{{#rustdoc_include ../code/demo/src/bin/race.rs:main}}}}\n```\n"
            ),
            QUESTION.to_string(),
        ] {
            let (asked, problems) = problems_of(&page);
            assert_eq!(asked, 1);
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains("just before a listing's output")),
                "{page}: {problems:?}"
            );
        }
    }
}
