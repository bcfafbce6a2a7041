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

use crate::playground::Playground;

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
        let playground = Playground::for_repository(&ctx.root)?;
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
            match add_footers(&chapter.content, &dir, &ctx.root, &source_url, &playground)
            {
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

/// A fenced block being read: its fence, its opening line, its lines so far, what it includes.
struct OpenBlock {
    fence: String,
    rust: bool,
    opening: String,
    body: String,
    /// The files it includes, relative to the repository root; the footer names the last.
    included: Vec<String>,
}

/// Adds a footer after every ```` ```rust ```` block that includes one file from `code/`, and
/// `noplayground` to every Rust block the playground cannot build (playground.rs).
fn add_footers(
    markdown: &str,
    dir: &Path,
    root: &Path,
    source_url: &dyn Fn(&str) -> Option<String>,
    playground: &Playground,
) -> Result<String> {
    let mut out = String::with_capacity(markdown.len() + 1024);
    let mut open: Option<OpenBlock> = None;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_end();
        let Some(block) = &mut open else {
            let fence: String = trimmed.chars().take_while(|&c| c == '`').collect();
            if fence.len() >= 3 {
                let info = &trimmed[fence.len()..];
                let rust = info.split(',').next() == Some("rust");
                open = Some(OpenBlock {
                    fence,
                    rust,
                    opening: line.to_string(),
                    body: String::new(),
                    included: Vec::new(),
                });
            } else {
                out.push_str(line);
            }
            continue;
        };
        if trimmed != block.fence {
            if let Some(file) = include_target(trimmed) {
                let path = normalize(&dir.join(file));
                let relative = path.strip_prefix(root).unwrap_or(&path);
                block
                    .included
                    .push(relative.to_string_lossy().replace('\\', "/"));
            }
            block.body.push_str(line);
            continue;
        }
        let block = open.take().expect("a block is open");
        if !block.rust {
            out.push_str(&block.opening);
            out.push_str(&block.body);
            out.push_str(line);
            continue;
        }
        out.push_str(&playable_opening(&block, root, playground)?);
        out.push_str(&block.body);
        out.push_str(line);
        if let Some(file) = block.included.last()
            && let Some(footer) = footer(file, root, source_url)?
        {
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("\n{footer}\n\n"));
        }
    }
    if let Some(block) = open {
        // An unclosed fence runs to the end of the chapter, as Markdown reads it.
        out.push_str(&block.opening);
        out.push_str(&block.body);
    }
    Ok(out)
}

/// The opening line of a Rust block, with `noplayground` added if the playground cannot build
/// the program it shows: its own lines and every file it includes, whole.
fn playable_opening(
    block: &OpenBlock,
    root: &Path,
    playground: &Playground,
) -> Result<String> {
    let info = block.opening.trim_end()[block.fence.len()..].to_string();
    if info.split(',').any(|token| token.trim() == "noplayground") {
        return Err(anyhow!(
            "```{info}: remove `noplayground`: the listing-footers preprocessor decides which \
             blocks the playground can build (xtask/src/playground.rs)"
        ));
    }
    let mut program = block.body.clone();
    for file in &block.included {
        // A missing file is reported by mdBook's `links` and by the book's checks; here it
        // only means that the playground cannot build the block either.
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            return Ok(format!("{}{info},noplayground\n", block.fence));
        };
        program.push_str(&text);
    }
    Ok(match playground.why_not(&program) {
        None => block.opening.clone(),
        Some(_) => format!("{}{info},noplayground\n", block.fence),
    })
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
    // A listing of listings.toml also carries its name, for the Run button of
    // `cargo xtask serve` (run_listing.rs, run-listing.js).
    let (command, listing) = match parts.as_slice() {
        ["code", package, "src", "bin", name] => {
            run_command(root, package, name.trim_end_matches(".rs"))?
        }
        ["code", package, "src", "bin", bin, "main.rs"] => {
            run_command(root, package, bin)?
        }
        ["code", _, "compile_fail", _] => (format!("rustc --edition 2024 {file}"), None),
        _ => return Ok(None),
    };
    let mut html = match listing {
        Some(id) => format!(
            "<div class=\"listing-footer\" data-listing=\"{}\">",
            escape(&id)
        ),
        None => String::from("<div class=\"listing-footer\">"),
    };
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

/// `cargo run` for a listing, with the arguments and profile its `listings.toml` gives it, and
/// `<crate>/<bin>` if `listings.toml` declares it.
fn run_command(
    root: &Path,
    package: &str,
    bin: &str,
) -> Result<(String, Option<String>)> {
    let dir = root.join("code").join(package);
    let plain = format!("cargo run -p {package} --bin {bin}");
    if !dir.join("listings.toml").is_file() {
        return Ok((plain, None));
    }
    let listings = listing_check::Listings::read(&dir).map_err(anyhow::Error::msg)?;
    Ok(match listings.listings.iter().find(|l| l.bin == bin) {
        Some(listing) => (
            listing
                .command_line(package)
                .trim_start_matches("$ ")
                .to_string(),
            Some(format!("{package}/{bin}")),
        ),
        None => (plain, None),
    })
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

/// Text made safe for HTML, in an element or an attribute.
pub fn escape(text: &str) -> String {
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
mod tests;
