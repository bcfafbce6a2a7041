//! The self-test's accessibility breakages, made in the copy of the book before it is built:
//! mdBook's template without this book's fixes, a colour too pale to read, a page too wide for
//! a phone, listing labels that no longer wrap, the menu bar's scroll padding gone, a chart
//! without the table of its numbers.

use std::path::Path;

use anyhow::{Result, bail};

use super::super::axe::{
    AXE_VIOLATION, FOCUS_OBSCURED, LABEL_CUT, NO_SKIP_LINK, SIDEWAYS, TOGGLE_DEAF,
};
use super::super::checks::NO_CHART_TABLE;
use super::{Expected, replace_required};

/// The paragraph the self-test adds, grey on white (1.9:1, under the 4.5:1 required).
const PALE: &str = "<p style=\"color: #bbbbbb\">Too pale to read, on purpose.</p>";
/// The block the self-test adds, wider than a phone.
const WIDE: &str = "<div style=\"width: 600px\">Too wide for a phone, on purpose.</div>";

/// Breaks the copy at `copy` (its book/ not yet built); `pages` are free for an addition each,
/// `first` is where the keyboard check runs. Returns what the check must then report.
pub fn break_accessibility(
    copy: &Path,
    pages: &[String],
    first: &str,
    pale_page: &str,
    wide_page: &str,
    marked_page: &str,
) -> Result<Vec<Expected>> {
    let book = copy.join("book");
    let edit = |file: &str, from: &str, to: &str| -> Result<()> {
        let path = book.join(file);
        let text = std::fs::read_to_string(&path)?;
        std::fs::write(&path, replace_required(&text, from, to, &path)?)?;
        Ok(())
    };
    let append = |page: &str, text: &str| -> Result<()> {
        let path = book.join(page.replace(".html", ".md"));
        let mut body = std::fs::read_to_string(&path)?;
        body.push_str(text);
        Ok(std::fs::write(path, body)?)
    };
    let mut expected = Vec::new();

    // mdBook's template as it was: the sidebar toggle a plain <label>, no skip link.
    edit(
        "theme/index.hbs",
        " role=\"button\" tabindex=\"0\" for=\"mdbook-sidebar-toggle-anchor\"",
        " for=\"mdbook-sidebar-toggle-anchor\"",
    )?;
    edit(
        "theme/index.hbs",
        "<a class=\"skip-to-content\" href=\"#mdbook-main\">Skip to the chapter</a>",
        "",
    )?;
    expected.push(Expected::new(
        first,
        "the sidebar toggle a <label> with aria-* again (mdBook's markup)",
        &[AXE_VIOLATION, "aria-allowed-attr", "#mdbook-sidebar-toggle"],
    ));
    expected.push(Expected::new(
        "keyboard",
        "the skip link removed",
        &[NO_SKIP_LINK],
    ));
    expected.push(Expected::new(
        "keyboard",
        "the sidebar toggle no longer focusable",
        &[TOGGLE_DEAF],
    ));
    // No scroll padding under the sticky menu bar.
    edit(
        "theme/a11y.css",
        "scroll-padding-top: calc(var(--menu-bar-height) + 0.5rem);",
        "",
    )?;
    expected.push(Expected::new(
        "keyboard",
        "the scroll padding under the menu bar removed",
        &[FOCUS_OBSCURED],
    ));
    // Pale grey text.
    append(pale_page, &format!("\n\n{PALE}\n"))?;
    expected.push(Expected::new(
        pale_page,
        "a paragraph in pale grey on white",
        &[AXE_VIOLATION, "color-contrast", "in the light theme"],
    ));
    // A page wider than a phone, and listing labels that do not wrap.
    append(wide_page, &format!("\n\n{WIDE}\n"))?;
    expected.push(Expected::new(wide_page, "a block 600 px wide", &[SIDEWAYS]));
    edit(
        "theme-extra/listing-markers.css",
        "white-space: normal;",
        "",
    )?;
    expected.push(Expected::new(
        marked_page,
        "the listing labels no longer wrap",
        &[LABEL_CUT],
    ));
    // A chart without its table: the first page that shows one loses it.
    if let Some((page, chart)) = pages_with_charts(&book, pages)? {
        std::fs::remove_file(book.join(format!("generated/{chart}-table.md")))?;
        expected.push(Expected::new(
            &page,
            format!("the table of img/{chart}.svg deleted"),
            &[&format!("img/{chart}.svg"), NO_CHART_TABLE],
        ));
    } else {
        bail!("no page shows a chart (img/NAME.svg) with a table in book/generated");
    }
    Ok(expected)
}

/// The first page (of `pages`, in order) showing a chart that has a table, and that chart.
fn pages_with_charts(book: &Path, pages: &[String]) -> Result<Option<(String, String)>> {
    let image = regex::Regex::new(r"\]\((?:\./)?img/([A-Za-z0-9_-]+)\.svg\)")?;
    for page in pages {
        let text = std::fs::read_to_string(book.join(page.replace(".html", ".md")))?;
        for found in image.captures_iter(&text) {
            if book
                .join(format!("generated/{}-table.md", &found[1]))
                .is_file()
            {
                return Ok(Some((page.clone(), found[1].to_string())));
            }
        }
    }
    Ok(None)
}
