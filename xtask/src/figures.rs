//! Measured figures in the prose: `{{#figure NAME}}` becomes the number read from the listing's
//! output file, `{{#given TEXT}}` becomes TEXT (see `listing_check::figures`). And every chart
//! `![...](img/NAME.svg)` gets its numbers as a table right after it, from
//! `book/generated/NAME-table.md` when charts.rs wrote one (a text alternative, WCAG 1.1.1).
//!
//! An mdBook preprocessor that runs before `links` (`[preprocessor.figures]` in book.toml).
//! `cargo xtask build`/`serve` run it in process; a plain `mdbook build` runs it as
//! `cargo xtask figures`.

use anyhow::{Result, anyhow};
use listing_check::figures::{Figures, committed, expand};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

pub struct MeasuredFigures;

pub const NAME: &str = "figures";

impl Preprocessor for MeasuredFigures {
    fn name(&self) -> &str {
        NAME
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let figures = Figures::load(&ctx.root).map_err(|e| anyhow!(e))?;
        let read = committed(&ctx.root);
        let generated = ctx.root.join(&ctx.config.book.src).join("generated");
        let mut problems = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(path) = &chapter.path else { return };
            match expand(&chapter.content, &figures, &read) {
                Ok(content) => chapter.content = with_chart_tables(&content, &generated),
                Err(found) => problems.extend(
                    found
                        .into_iter()
                        .map(|p| format!("book/{}, {p}", path.display())),
                ),
            }
        });
        if problems.is_empty() {
            Ok(book)
        } else {
            Err(anyhow!("\n  - {}", problems.join("\n  - ")))
        }
    }

    fn supports_renderer(
        &self,
        renderer: &str,
    ) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer == "html")
    }
}

/// `markdown` with the table of every chart it shows (`book/generated/NAME-table.md`, for
/// `](img/NAME.svg)`) after the line that ends the image, as a block of its own.
fn with_chart_tables(markdown: &str, generated: &std::path::Path) -> String {
    let image = regex::Regex::new(r"\]\((?:\./)?img/([A-Za-z0-9_-]+)\.svg\)").unwrap();
    let mut out = String::with_capacity(markdown.len());
    for line in markdown.split_inclusive('\n') {
        out.push_str(line);
        for chart in image.captures_iter(line) {
            let table = generated.join(format!("{}-table.md", &chart[1]));
            if let Ok(text) = std::fs::read_to_string(&table) {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push('\n');
                out.push_str(text.trim_end());
                out.push_str("\n\n");
            }
        }
    }
    out
}

/// `cargo xtask figures [supports <renderer>]`: mdBook's external preprocessor protocol.
pub fn run_as_command(args: &[String]) -> Result<()> {
    if let [supports, renderer] = args
        && supports == "supports"
    {
        return if renderer == "html" {
            Ok(())
        } else {
            Err(anyhow!("figures: only the html renderer"))
        };
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin())
        .map_err(|e| anyhow!("{e:#}"))?;
    let book = MeasuredFigures
        .run(&ctx, book)
        .map_err(|e| anyhow!("{e:#}"))?;
    serde_json::to_writer(std::io::stdout(), &book)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_gets_its_table_after_the_line_that_ends_its_image() {
        let dir = crate::root().join("target/figures-test");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("some-chart-table.md"),
            "| a | b |\n|---|---|\n| 1 | 2 |\n",
        )
        .unwrap();
        let page = "Before.\n\n![A chart\nof numbers](img/some-chart.svg)\nAfter.\n![none](img/no-table.svg)\n";
        assert_eq!(
            with_chart_tables(page, &dir),
            "Before.\n\n![A chart\nof numbers](img/some-chart.svg)\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n![none](img/no-table.svg)\n"
        );
    }
}
