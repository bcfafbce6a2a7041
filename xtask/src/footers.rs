//! The line under every listing: the command that runs it (one click selects all of it) and a
//! link to its source file in the repository.
//!
//! An mdBook preprocessor that runs before `links` (see `[preprocessor.listing-footers]` in
//! book.toml), while each listing is still its `{{#include}}` line, so it knows the file. The
//! command comes from the crate's `listings.toml` (arguments, `--release`); a `compile_fail`
//! source gets the `rustc` command that shows its error. `cargo xtask build`/`serve` run it in
//! process; a plain `mdbook build` runs it as `cargo xtask listing-footers`.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use anyhow::{Result, anyhow};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

pub struct ListingFooters;

pub const NAME: &str = "listing-footers";

impl Preprocessor for ListingFooters {
    fn name(&self) -> &str {
        NAME
    }

    fn run(
        &self,
        ctx: &PreprocessorContext,
        mut book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        let repository: Option<String> = ctx
            .config
            .get("output.html.git-repository-url")
            .ok()
            .flatten();
        let branch: String = ctx
            .config
            .get("preprocessor.listing-footers.branch")
            .ok()
            .flatten()
            .unwrap_or_else(|| "main".into());
        let source_url = |path: &str| {
            repository
                .as_ref()
                .map(|r| format!("{}/blob/{branch}/{path}", r.trim_end_matches('/')))
        };
        let src = ctx.root.join(&ctx.config.book.src);
        let mut problem = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(path) = &chapter.path else { return };
            let dir = src
                .join(path)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            match add_footers(&chapter.content, &dir, &ctx.root, &source_url) {
                Ok(content) => chapter.content = content,
                Err(e) => {
                    problem.get_or_insert(anyhow!("{}: {e:#}", path.display()));
                }
            }
        });
        match problem {
            Some(e) => Err(e),
            None => Ok(book),
        }
    }

    fn supports_renderer(
        &self,
        renderer: &str,
    ) -> mdbook_preprocessor::errors::Result<bool> {
        Ok(renderer == "html")
    }
}

/// Adds a footer after every ```` ```rust ```` block that includes one file from `code/`.
fn add_footers(
    markdown: &str,
    dir: &Path,
    root: &Path,
    source_url: &dyn Fn(&str) -> Option<String>,
) -> Result<String> {
    let mut out = String::with_capacity(markdown.len() + 1024);
    // (fence, is a rust block, the file it includes)
    let mut open: Option<(String, bool, Option<String>)> = None;
    for line in markdown.split_inclusive('\n') {
        out.push_str(line);
        let trimmed = line.trim_end();
        match &mut open {
            None => {
                let fence: String = trimmed.chars().take_while(|&c| c == '`').collect();
                if fence.len() >= 3 {
                    let info = &trimmed[fence.len()..];
                    let rust = info.split(',').next() == Some("rust");
                    open = Some((fence, rust, None));
                }
            }
            Some((fence, rust, included)) => {
                if trimmed == fence.as_str() {
                    if let (true, Some(file)) = (*rust, included.take())
                        && let Some(footer) = footer(&file, root, source_url)?
                    {
                        if !out.ends_with('\n') {
                            out.push('\n');
                        }
                        out.push_str(&format!("\n{footer}\n\n"));
                    }
                    open = None;
                } else if let Some(file) = include_target(trimmed) {
                    let path = normalize(&dir.join(file));
                    let relative = path.strip_prefix(root).unwrap_or(&path);
                    *included = Some(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    Ok(out)
}

/// The file of an `{{#include file:anchor}}` or `{{#rustdoc_include ...}}` line.
fn include_target(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("{{#")?.strip_suffix("}}")?;
    let (kind, rest) = inner.split_once(' ')?;
    if kind != "include" && kind != "rustdoc_include" {
        return None;
    }
    let rest = rest.trim();
    Some(rest.split_once(':').map_or(rest, |(file, _)| file))
}

fn footer(
    file: &str,
    root: &Path,
    source_url: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<String>> {
    let parts: Vec<&str> = file.split('/').collect();
    let command = match parts.as_slice() {
        ["code", package, "src", "bin", name] => {
            let bin = name.trim_end_matches(".rs");
            run_command(root, package, bin)?
        }
        ["code", package, "src", "bin", bin, "main.rs"] => {
            run_command(root, package, bin)?
        }
        ["code", _, "compile_fail", _] => format!("rustc --edition 2024 {file}"),
        _ => return Ok(None),
    };
    let mut html = String::from("<div class=\"listing-footer\">");
    write!(
        html,
        "<code class=\"listing-command\" title=\"Run it from the repository root\">{}</code>",
        escape(&command)
    )?;
    if let Some(url) = source_url(file) {
        write!(
            html,
            " <a class=\"listing-source\" href=\"{}\" title=\"{}\">source: {}</a>",
            escape(&url),
            escape(file),
            escape(file.rsplit('/').next().unwrap_or(file))
        )?;
    }
    html.push_str("</div>");
    Ok(Some(html))
}

/// `cargo run` for a listing, with the arguments and profile its `listings.toml` gives it.
fn run_command(root: &Path, package: &str, bin: &str) -> Result<String> {
    let dir = root.join("code").join(package);
    if !dir.join("listings.toml").is_file() {
        return Ok(format!("cargo run -p {package} --bin {bin}"));
    }
    let listings = listing_check::Listings::read(&dir).map_err(anyhow::Error::msg)?;
    let line = match listings.listings.iter().find(|l| l.bin == bin) {
        Some(listing) => listing.command_line(package),
        None => format!("$ cargo run -p {package} --bin {bin}"),
    };
    Ok(line.trim_start_matches("$ ").to_string())
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// `cargo xtask listing-footers [supports <renderer>]`: the same, as mdBook's external
/// preprocessor protocol (book and context as JSON on stdin, the book as JSON on stdout).
pub fn run_as_command(args: &[String]) -> Result<()> {
    if let [supports, renderer] = args
        && supports == "supports"
    {
        return if renderer == "html" {
            Ok(())
        } else {
            Err(anyhow!("listing-footers: only the html renderer"))
        };
    }
    let (ctx, book) = mdbook_preprocessor::parse_input(std::io::stdin())
        .map_err(|e| anyhow!("{e:#}"))?;
    let book = ListingFooters
        .run(&ctx, book)
        .map_err(|e| anyhow!("{e:#}"))?;
    serde_json::to_writer(std::io::stdout(), &book)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_footer_follows_each_included_rust_listing_and_nothing_else() {
        let root = crate::root();
        let chapter = "Text.\n\n```rust\n{{#rustdoc_include ../code/ch02-creating-threads/src/bin/spawn-and-join.rs:main}}\n```\n\n```text\n{{#include ../code/ch02-creating-threads/output/spawn-and-join.txt}}\n```\n\n````md\n```rust\n{{#include ../code/x/src/bin/y.rs}}\n```\n````\n";
        let url = |p: &str| Some(format!("https://example.org/r/blob/main/{p}"));
        let out = add_footers(chapter, &root.join("book"), &root, &url).unwrap();
        assert_eq!(out.matches("class=\"listing-footer\"").count(), 1, "{out}");
        assert!(out.contains(
            "<code class=\"listing-command\" title=\"Run it from the repository root\">cargo run -p ch02-creating-threads --bin spawn-and-join</code>"
        ), "{out}");
        assert!(out.contains("href=\"https://example.org/r/blob/main/code/ch02-creating-threads/src/bin/spawn-and-join.rs\""), "{out}");
        // The footer is a block of its own after the closing fence.
        assert!(
            out.contains(":main}}\n```\n\n<div class=\"listing-footer\">"),
            "{out}"
        );
    }

    #[test]
    fn a_compile_fail_source_gets_the_rustc_command() {
        let root = crate::root();
        let chapter = "```rust,compile_fail,E0373\n{{#rustdoc_include ../code/ch02-creating-threads/compile_fail/borrow-without-move.rs:main}}\n```\n";
        let out = add_footers(chapter, &root.join("book"), &root, &|_| None).unwrap();
        assert!(out.contains(">rustc --edition 2024 code/ch02-creating-threads/compile_fail/borrow-without-move.rs</code></div>"), "{out}");
    }
}
