//! `cargo xtask new-chapter <slug> <title>`: everything a new chapter needs, already passing.

use std::path::Path;

use anyhow::{Result, bail, ensure};

pub fn run(args: &[String]) -> Result<()> {
    let [slug, title @ ..] = args else {
        bail!(
            "usage: cargo xtask new-chapter <slug> <title>   (e.g. ch13-atomics \"Atomics in depth\")"
        );
    };
    ensure!(
        !title.is_empty(),
        "usage: cargo xtask new-chapter <slug> <title>"
    );
    let title = title.join(" ");
    ensure!(
        slug.len() > 5
            && slug.starts_with("ch")
            && slug[2..4].chars().all(|c| c.is_ascii_digit())
            && slug.as_bytes()[4] == b'-'
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "the slug must look like ch13-some-topic (lowercase, digits and dashes)"
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
    println!("{title}: the first listing runs");
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
"#
        ),
    )?;
    write(
        &crate_dir.join("output").join(format!("{bin}.txt")),
        &format!("$ cargo run -p {slug} --bin {bin}\n{title}: the first listing runs\n"),
    )?;
    write(
        &crate_dir.join("tests/listings.rs"),
        &format!(
            r#"#[test]
fn every_listing_runs_as_the_book_shows() {{
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), listing_check::bins!["{bin}"]);
}}
"#
        ),
    )?;
    write(
        &page,
        &format!(
            r#"# {title}

One paragraph on what this chapter shows and why a reader should care.

```rust
{{{{#rustdoc_include ../code/{slug}/src/bin/{bin}.rs:main}}}}
```

```text
{{{{#include ../code/{slug}/output/{bin}.txt}}}}
```

## Exercises

1. An exercise, with its solution as a binary of `code/{slug}` and a test.
"#
        ),
    )?;
    let summary_path = root.join("book/SUMMARY.md");
    let mut summary = std::fs::read_to_string(&summary_path)?;
    if !summary.ends_with('\n') {
        summary.push('\n');
    }
    summary.push_str(&format!("- [{title}]({slug}.md)\n"));
    std::fs::write(&summary_path, summary)?;

    println!(
        "Created book/{slug}.md and code/{slug}/ (listing `{bin}`), and added the chapter to SUMMARY.md."
    );
    println!(
        "Next: write the chapter, then `cargo xtask bless {slug}` and `cargo xtask test`."
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::create_dir_all(path.parent().unwrap())?;
    std::fs::write(path, text)?;
    Ok(())
}
