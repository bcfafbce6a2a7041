//! `cargo xtask new-chapter <slug> <title>`: everything a new chapter needs, already passing.

use std::path::Path;

use anyhow::{Result, bail, ensure};

pub fn run(args: &[String]) -> Result<()> {
    let [slug, title @ ..] = args else {
        bail!(
            "usage: cargo xtask new-chapter <slug> <title>   (e.g. ch14-topic \"Title\")"
        );
    };
    ensure!(
        !title.is_empty(),
        "usage: cargo xtask new-chapter <slug> <title>"
    );
    let title = title.join(" ");
    ensure!(
        // ASCII first: the byte slices below would panic inside a multi-byte character.
        slug.is_ascii()
            && slug.len() > 5
            && slug.starts_with("ch")
            && slug[2..4].chars().all(|c| c.is_ascii_digit())
            && slug.as_bytes()[4] == b'-'
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "the slug must look like ch14-some-topic (lowercase, digits and dashes)"
    );
    let root = crate::root();
    let crate_dir = root.join("code").join(slug);
    let page = root.join("book").join(format!("{slug}.md"));
    ensure!(
        !crate_dir.exists(),
        "{} exists already",
        crate_dir.display()
    );
    ensure!(!page.exists(), "{} exists already", page.display());
    let topic = &slug[5..];
    let bin = format!("{topic}-first-listing");
    let number: u32 = slug[2..4].parse()?;

    write(
        &crate_dir.join("Cargo.toml"),
        &format!(
            r#"[package]
name = "{slug}"
version = "0.1.0"
description = "Listings of the chapter \"{title}\"."
edition.workspace = true
rust-version.workspace = true
license.workspace = true
publish.workspace = true

[dev-dependencies]
listing-check.workspace = true
"#
        ),
    )?;
    write(
        &crate_dir.join("src/bin").join(format!("{bin}.rs")),
        &format!(
            r#"// ANCHOR: main
fn main() {{
    println!("{title}: the first listing adds 2 + 2 = {{}}", 2 + 2);
}}
// ANCHOR_END: main
"#
        ),
    )?;
    write(
        &crate_dir.join("listings.toml"),
        &format!(
            r#"# Every listing of this chapter that the book shows with its output.
# output = "exact": the book's output block must equal a fresh run (checked by tests/listings.rs).
# output = "varies": the book labels it "one possible run"; tests/listings.rs checks the invariant.
# Regenerate the output files with `cargo xtask bless`.

[[listing]]
bin = "{bin}"
output = "exact"

# The answer to the chapter's "Predict:" question, read from the exact output above.
[[figure]]
name = "{bin}.sum"
value = '= ([0-9]+)'
decimals = 0
"#
        ),
    )?;
    write(
        &crate_dir.join("output").join(format!("{bin}.txt")),
        &format!(
            "$ cargo run -p {slug} --bin {bin}\n{title}: the first listing adds 2 + 2 = 4\n"
        ),
    )?;
    write(
        &crate_dir.join("tests/listings.rs"),
        &format!(
            r#"#[test]
fn every_listing_runs_as_the_book_shows() {{
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins!["{bin}"],
    );
}}
"#
        ),
    )?;
    write(
        &page,
        &format!(
            r#"# {title}

One paragraph on what this chapter shows and why a reader should care.

*Listing {number}-1: What the first listing shows*

```rust
{{{{#rustdoc_include ../code/{slug}/src/bin/{bin}.rs:main}}}}
```

<details class="predict">
<summary>Predict: what does the first listing print?</summary>

It adds two and two: {{{{#figure {bin}.sum}}}}, read from the output below, so it cannot go stale.

</details>

```text
{{{{#include ../code/{slug}/output/{bin}.txt}}}}
```

## Exercises

1. An exercise, with its solution as a binary of `code/{slug}` and a test.
"#
        ),
    )?;
    let summary_path = root.join("book/SUMMARY.md");
    let summary = std::fs::read_to_string(&summary_path)?;
    std::fs::write(&summary_path, add_to_summary(&summary, &title, slug))?;

    println!(
        "Created book/{slug}.md and code/{slug}/ (listing `{bin}`), and added the chapter to book/SUMMARY.md."
    );
    println!(
        "Next: write the chapter, then `cargo xtask bless {slug}` and `cargo xtask test`."
    );
    Ok(())
}

/// Adds the chapter after the last numbered chapter (`chNN-...`), so it comes before the
/// appendices; at the end when there is none.
fn add_to_summary(summary: &str, title: &str, slug: &str) -> String {
    let entry = format!("- [{title}]({slug}.md)");
    let mut lines: Vec<&str> = summary.lines().collect();
    let last_chapter = lines.iter().rposition(|line| {
        line.starts_with("- [")
            && line
                .split_once("](")
                .is_some_and(|(_, target)| target.starts_with("ch"))
    });
    match last_chapter {
        Some(i) => lines.insert(i + 1, &entry),
        None => lines.push(&entry),
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(path, text)?;
    Ok(())
}
