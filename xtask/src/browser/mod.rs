//! `cargo xtask browser`: the reader's experience, checked in headless Chromium.
//!
//! Builds the book, serves it on a loopback port, starts chromedriver (which starts Chromium) and
//! visits every page in SUMMARY order, going from one page to the next by clicking its "next"
//! link. On every page it checks what a reader would trip over: errors in the console, a listing
//! that shows nothing (an ANCHOR that expands to nothing), an image that does not load, a link to
//! a page or an anchor that does not exist. Then the search box, the theme switch and the
//! "previous" link, and four screenshots into `target/browser/`. The book is the one
//! `cargo xtask serve` serves, with the Run buttons and their endpoint: it clicks Run under one
//! listing and sends the endpoint a request from another site, which must be refused.
//!
//! `cargo xtask browser --self-test` renders a copy of the book broken on purpose (an emptied
//! ANCHOR, a script error, a missing image, dead links, a wrong "next" link, no search index) and
//! passes only if the check reports every one of those breakages.
//!
//! - `driver.rs`: Chromium and chromedriver (finding, starting, ending them) and the visit:
//!   the book served on loopback, a browser session, the time limits.
//! - `session.rs`: what the checks do in the browser (click a link, wait for a condition, read
//!   the console, check a link's target).
//! - `checks.rs`: the checks, and the words of every problem they report.
//! - `runs.rs`: the Run button clicked, and the foreign request.
//! - `scheduler.rs`: every "be the scheduler" played to every outcome of its race.
//! - `page.js`: what a page holds, as the browser sees it (run on every page).
//! - `self_test.rs`: `--self-test`.

mod axe;
mod checks;
mod driver;
mod runs;
mod scheduler;
mod self_test;
mod session;
mod theme;

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    let self_test = match args {
        [] => false,
        [flag] if flag == "--self-test" => true,
        [flag] if flag == "--write-theme" => return theme::write(),
        _ => bail!("usage: cargo xtask browser [--self-test | --write-theme]"),
    };
    let tools = driver::Tools::find()?;
    let root = crate::root();
    let out = root.join("target/browser");
    std::fs::create_dir_all(&out)?;
    if self_test {
        return self_test::run(&tools, &root, &out);
    }
    let started = Instant::now();
    // The book as `cargo xtask serve` serves it: the published one, with the Run buttons.
    // Rendered into a directory of its own: other commands (`cargo xtask test`, `build`) write
    // and delete target/book, and may run while the browser reads it.
    let mut book = crate::book::load_with_run_buttons(&root)?;
    book.config
        .set("build.build-dir", "target/browser/book")
        .map_err(|e| anyhow::anyhow!("{e:#}"))?;
    let dir = book.build_dir_for("html");
    book.build().map_err(|e| anyhow::anyhow!("{e:#}"))?;
    let pages = summary_pages(&root)?;
    let mut runs = runs::RunCheck::first_exact(&root, &dir, &pages)?;
    runs.screenshot = Some(out.join("run-output.png"));
    let a11y = axe::Accessibility::install(&root)?;
    let report = driver::visit(&tools, &dir, &pages, &out, true, &runs, &a11y)?;
    report.print();
    println!(
        "(the browser check took {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let failed = report.failed();
    println!(
        "browser: {} passed, {failed} failed",
        report.items.len() - failed
    );
    if failed > 0 {
        bail!("{failed} browser check(s) failed");
    }
    Ok(())
}

/// The pages of the book in SUMMARY order, as paths of the rendered site (`ch01-x.html`).
fn summary_pages(root: &Path) -> Result<Vec<String>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let summary = std::fs::read_to_string(root.join("book/SUMMARY.md"))
        .context("reading book/SUMMARY.md")?;
    let mut pages = Vec::new();
    for event in Parser::new(&summary) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(stem) = dest_url.strip_suffix(".md")
        {
            let page = match stem {
                "README" | "index" => "index".to_string(),
                _ => stem.to_string(),
            };
            pages.push(format!("{page}.html"));
        }
    }
    if pages.is_empty() {
        bail!("book/SUMMARY.md names no page");
    }
    Ok(pages)
}

/// What one check found: a page, or one of the book-wide checks (search, theme, ...).
struct Item {
    name: String,
    detail: String,
    problems: Vec<String>,
}

#[derive(Default)]
struct Report {
    items: Vec<Item>,
    notes: Vec<String>,
}

impl Report {
    fn failed(&self) -> usize {
        self.items.iter().filter(|i| !i.problems.is_empty()).count()
    }

    /// Every problem reported for the item `name` (a page, or "search", "theme", ...).
    fn problems_of<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.items
            .iter()
            .filter(move |i| i.name == name)
            .flat_map(|i| i.problems.iter().map(String::as_str))
    }

    fn print(&self) {
        for item in &self.items {
            if item.problems.is_empty() {
                println!("ok    {:<36} {}", item.name, item.detail);
            } else {
                println!("FAIL  {:<36} {}", item.name, item.detail);
                for problem in &item.problems {
                    println!("        - {problem}");
                }
            }
        }
        for note in &self.notes {
            println!("note: {note}");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn summary_pages_follow_the_summary_order() {
        let pages = summary_pages(&crate::root()).unwrap();
        // The same list read another way: every `](page.md)` of SUMMARY.md, line by line.
        let summary =
            std::fs::read_to_string(crate::root().join("book/SUMMARY.md")).unwrap();
        let link = regex::Regex::new(r"\]\(([^)]+)\.md\)").unwrap();
        let in_order: Vec<String> = summary
            .lines()
            .flat_map(|line| link.captures_iter(line).map(|c| format!("{}.html", &c[1])))
            .collect();
        assert_eq!(pages, in_order, "the pages are not in SUMMARY.md's order");
        assert_eq!(
            pages.first().map(String::as_str),
            Some("ch00-introduction.html")
        );
        let unique: BTreeSet<&String> = pages.iter().collect();
        assert_eq!(
            unique.len(),
            pages.len(),
            "a page twice in SUMMARY.md: {pages:?}"
        );
    }
}
