//! `cargo xtask browser --self-test`: a copy of the book broken in known ways must fail in
//! exactly those ways. Each breakage is looked for by the words the check reports it with
//! (the constants of checks.rs), and a breakage that cannot be made (the text it replaces is
//! not there, as after an mdBook update) fails the self-test rather than breaking nothing.

use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use super::checks::{
    CONSOLE_ERROR, EMPTY_LISTING, IMAGE_NOT_LOADED, NO_COMMAND_LINE, NO_SEARCH_RESULT,
    NO_SUCH_PAGE, NOT_THE_404_PAGE, PRINT_LACKS_CHAPTER, THEME_NOT_PICKED,
    no_such_fragment, wrong_rel_link,
};
use super::driver::{Tools, visit};
use super::runs::RunCheck;
use super::summary_pages;

mod a11y;
mod runs;

/// The message of the script error the self-test adds to a page.
const DELIBERATE_ERROR: &str = "deliberate error of the self-test";
/// The image the self-test adds to a page, which does not exist.
const MISSING_IMAGE: &str = "img/no-such-image.png";
/// The page and the heading the self-test links to, which do not exist.
const MISSING_PAGE: &str = "ch99-no-such-page";
const MISSING_HEADING: &str = "no-such-heading";
/// The line of mdBook's book.js that applies the theme picked in the theme menu.
const SET_THEME: &str = "set_theme(theme);";

/// A breakage, and what the report must then say: a problem of `item` (a page, or "search",
/// "theme", ...) that contains every one of `needles`.
pub struct Expected {
    item: String,
    what: String,
    needles: Vec<String>,
}

impl Expected {
    pub fn new(item: &str, what: impl Into<String>, needles: &[&str]) -> Expected {
        Expected {
            item: item.into(),
            what: what.into(),
            needles: needles.iter().map(|n| n.to_string()).collect(),
        }
    }
}

/// `text` with every `from` replaced by `to`; an error if `from` is not in it.
pub fn replace_required(text: &str, from: &str, to: &str, file: &Path) -> Result<String> {
    if !text.contains(from) {
        bail!(
            "the self-test cannot break {}: it has no {from:?} to replace \
             (did mdBook change?)",
            file.display()
        );
    }
    Ok(text.replace(from, to))
}

pub fn run(tools: &Tools, root: &Path, out: &Path) -> Result<()> {
    let copy = out.join("self-test");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy)?;
    std::fs::copy(root.join("book.toml"), copy.join("book.toml"))?;
    copy_tree(&root.join("book"), &copy.join("book"))?;
    copy_tree(&root.join("code"), &copy.join("code"))?;
    let pages = summary_pages(&copy)?;
    let md = |page: &str| copy.join("book").join(page.replace(".html", ".md"));
    let mut expected: Vec<Expected> = Vec::new();

    // 1. An ANCHOR whose content was deleted: the first listing of the first page that has one.
    let (anchored, file, anchor) = pages
        .iter()
        .find_map(|page| {
            let text = std::fs::read_to_string(md(page)).ok()?;
            let include = text.split("{{#rustdoc_include ").nth(1)?;
            let spec = include.split("}}").next()?;
            let (path, anchor) = spec.trim().rsplit_once(':')?;
            Some((
                page.clone(),
                copy.join("book").join(path),
                anchor.to_string(),
            ))
        })
        .context("no page includes a listing with {{#rustdoc_include file:anchor}}")?;
    let source = std::fs::read_to_string(&file)?;
    let (start, end) = (
        format!("// ANCHOR: {anchor}"),
        format!("// ANCHOR_END: {anchor}"),
    );
    let mut inside = false;
    let mut removed = 0;
    let mut emptied = String::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed == end {
            inside = false;
        }
        if inside {
            removed += 1;
        } else {
            emptied.push_str(line);
            emptied.push('\n');
        }
        if trimmed == start {
            inside = true;
        }
    }
    if removed == 0 || inside {
        bail!(
            "the self-test cannot empty the ANCHOR `{anchor}` of {}: no line between \
             `{start}` and `{end}`",
            file.display()
        );
    }
    std::fs::write(&file, emptied)?;
    let shown = file
        .strip_prefix(&copy)
        .unwrap_or(&file)
        .display()
        .to_string()
        .replace("book/../", "");
    expected.push(Expected::new(
        &anchored,
        format!("ANCHOR `{anchor}` of {shown} emptied"),
        &[EMPTY_LISTING],
    ));

    // 2-4. A script error, a missing image, dead links: each on a page of its own.
    let others: Vec<&String> = pages.iter().filter(|p| **p != anchored).collect();
    if others.len() < 4 {
        bail!("the self-test needs at least 5 pages in SUMMARY.md");
    }
    let append = |page: &str, text: &str| -> Result<()> {
        let mut body = std::fs::read_to_string(md(page))?;
        body.push_str(text);
        Ok(std::fs::write(md(page), body)?)
    };
    append(
        others[0],
        &format!("\n\n<script>throw new Error('{DELIBERATE_ERROR}');</script>\n"),
    )?;
    expected.push(Expected::new(
        others[0],
        "a script that throws while the page loads",
        &[CONSOLE_ERROR, DELIBERATE_ERROR],
    ));
    append(
        others[1],
        &format!("\n\n<img src=\"{MISSING_IMAGE}\" alt=\"missing on purpose\">\n"),
    )?;
    expected.push(Expected::new(
        others[1],
        "an image that does not exist",
        &[MISSING_IMAGE, IMAGE_NOT_LOADED],
    ));
    let heading_link = pages[0].replace(".html", ".md");
    append(
        others[2],
        &format!(
            "\n\n[A page that does not exist]({MISSING_PAGE}.md) and \
                  [a heading that does not exist]({heading_link}#{MISSING_HEADING}).\n"
        ),
    )?;
    expected.push(Expected::new(
        others[2],
        "a link to a missing page",
        &[&format!("{MISSING_PAGE}.html"), NO_SUCH_PAGE],
    ));
    expected.push(Expected::new(
        others[2],
        "a link to a missing heading",
        &[&no_such_fragment(
            MISSING_HEADING,
            &format!("/{}", pages[0]),
        )],
    ));

    // 11-17. Accessibility: mdBook's template unfixed, pale text, a page too wide for a phone,
    // labels that do not wrap, no scroll padding (self_test/a11y.rs).
    if others.len() < 6 {
        bail!("the self-test needs at least 7 pages in SUMMARY.md");
    }
    let marked = pages
        .iter()
        .find(|page| {
            std::fs::read_to_string(md(page)).is_ok_and(|text| {
                [
                    "```rust,compile_fail",
                    "```rust,should_panic",
                    "```rust,buggy",
                ]
                .iter()
                .any(|fence| text.contains(fence))
            })
        })
        .context("no page has a listing marked compile_fail, should_panic or buggy")?;
    expected.extend(a11y::break_accessibility(
        &copy, &pages, &pages[0], others[4], others[5], marked,
    )?);

    let book = crate::book::load_with_run_buttons(&copy)?;
    let dir = book.build_dir_for("html");
    book.build().map_err(|e| anyhow!("{e:#}"))?;
    let mut runs = RunCheck::first_exact(root, &dir, &pages)?;

    // 5. A "next" link that skips a page, in the rendered HTML.
    let skip_from = others[3];
    let position = pages.iter().position(|p| p == skip_from).unwrap_or(0);
    let (Some(next), Some(after)) = (pages.get(position + 1), pages.get(position + 2))
    else {
        bail!("the self-test needs two pages after {skip_from} in SUMMARY.md");
    };
    let html_path = dir.join(skip_from);
    let html = std::fs::read_to_string(&html_path)?;
    let broken = replace_required(
        &html,
        &format!("href=\"{next}\""),
        &format!("href=\"{after}\""),
        &html_path,
    )?;
    std::fs::write(&html_path, broken)?;
    expected.push(Expected::new(
        skip_from,
        format!("its \"next\" link points to {after}"),
        &[&wrong_rel_link(
            "next",
            Some(&format!("/{after}")),
            Some(&format!("/{next}")),
        )],
    ));
    // 6. A listing without the command line under it: the first footer of a page, removed.
    let footer_tag = "<div class=\"listing-footer\"";
    let mut unfooted = None;
    // Not on the page of the Run check, which needs its footer.
    for page in others[3..].iter().filter(|p| ***p != runs.page) {
        let html = std::fs::read_to_string(dir.join(page))?;
        if let Some(start) = html.find(footer_tag) {
            let end = start
                + html[start..]
                    .find("</div>")
                    .context("a listing footer without its </div>")?
                + "</div>".len();
            std::fs::write(
                dir.join(page),
                format!("{}{}", &html[..start], &html[end..]),
            )?;
            unfooted = Some((*page).clone());
            break;
        }
    }
    let unfooted = unfooted.context("no page has a listing footer to remove")?;
    expected.push(Expected::new(
        &unfooted,
        "the command line under a listing removed",
        &[NO_COMMAND_LINE],
    ));
    // 7. A theme menu that does nothing: book.js's click handler no longer sets the theme.
    let mut patched = 0;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("book") && name.ends_with(".js") {
            let script = std::fs::read_to_string(&path)?;
            if script.contains(SET_THEME) {
                std::fs::write(&path, script.replace(SET_THEME, "/* broken */"))?;
                patched += 1;
            }
        }
    }
    if patched == 0 {
        bail!(
            "the self-test cannot break the theme menu: no book*.js of {} has {SET_THEME:?} \
             (did mdBook change?)",
            dir.display()
        );
    }
    expected.push(Expected::new(
        "theme",
        "a theme menu whose buttons do nothing",
        &[THEME_NOT_PICKED],
    ));
    // 8. A print view without the chapters: print.html's <main> emptied but for a heading.
    let print = dir.join("print.html");
    let html = std::fs::read_to_string(&print)?;
    // `<main id=... tabindex=...>` in this book's template (book/theme/index.hbs).
    let (Some(start), Some(end)) = (html.find("<main"), html.find("</main>")) else {
        bail!("print.html has no <main> to empty");
    };
    std::fs::write(
        &print,
        format!(
            "{}<main><h1>Nothing here</h1>{}",
            &html[..start],
            &html[end..]
        ),
    )?;
    expected.push(Expected::new(
        "print",
        "the chapters removed from the print view",
        &[PRINT_LACKS_CHAPTER],
    ));
    // 9. No 404 page: a missing address gets an empty answer.
    std::fs::remove_file(dir.join("404.html"))?;
    expected.push(Expected::new(
        "not found",
        "the 404 page deleted",
        &[NOT_THE_404_PAGE],
    ));
    // 10. No search index: the search box finds nothing (and the console reports the 404).
    let mut removed = 0;
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("searchindex") {
            std::fs::remove_file(&path)?;
            removed += 1;
        }
    }
    if removed == 0 {
        bail!(
            "the self-test cannot delete the search index: {} has no searchindex* file",
            dir.display()
        );
    }
    expected.push(Expected::new(
        "search",
        "the search index deleted",
        &[NO_SEARCH_RESULT],
    ));

    // 18-20: the Run button and its endpoint (self_test/runs.rs).
    expected.extend(runs::break_runs(&dir, &pages, &mut runs)?);
    // A scheduler whose script computes a wrong outcome, and lets a blocked thread move
    // (scheduler.rs).
    expected.extend(super::scheduler::break_scheduler(&dir)?);

    // axe in the light theme only (desktop and phone): the breakages need no other, and each
    // theme adds a run of axe per page.
    let mut a11y = super::axe::Accessibility::install(root)?;
    a11y.themes = vec!["light"];
    let report = visit(tools, &dir, &pages, out, false, &runs, &a11y)?;
    report.print();
    println!(
        "\nThe self-test broke a copy of the book ({}) and expects each breakage to be reported:",
        copy.display()
    );
    let mut passed = 0;
    let mut failed = 0;
    for Expected {
        item,
        what,
        needles,
    } in &expected
    {
        let caught = report
            .problems_of(item)
            .any(|problem| needles.iter().all(|n| problem.contains(n.as_str())));
        if caught {
            passed += 1;
            println!("ok    {item}: {what}: caught");
        } else {
            failed += 1;
            println!(
                "FAIL  {item}: {what}: NOT caught (expected a problem containing {})",
                needles
                    .iter()
                    .map(|n| format!("{n:?}"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            );
        }
    }
    println!("browser self-test: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("the browser check missed {failed} deliberate breakage(s)");
    }
    Ok(())
}

/// Copies a directory tree, skipping `target` directories.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &to.join(entry.file_name()))?;
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_replacement_that_finds_nothing_is_an_error() {
        let file = Path::new("book.js");
        assert_eq!(
            replace_required("a set_theme(theme); b", SET_THEME, "/* broken */", file)
                .unwrap(),
            "a /* broken */ b"
        );
        let error = replace_required("a setTheme(theme); b", SET_THEME, "x", file)
            .unwrap_err()
            .to_string();
        assert!(error.contains("book.js"), "{error}");
    }
}
