//! Measured figures in the prose: `{{#figure NAME}}` becomes the number read from the listing's
//! output file, `{{#given TEXT}}` becomes TEXT (see `listing_check::figures`).
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
        let mut problems = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(path) = &chapter.path else { return };
            match expand(&chapter.content, &figures, &read) {
                Ok(content) => chapter.content = content,
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
