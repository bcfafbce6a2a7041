//! `cargo xtask test`: everything CI runs, in one command, ending with one summary line.

use std::io::{BufRead, BufReader};
use std::process::Stdio;

use anyhow::{Context, Result, bail};

pub fn run(args: &[String]) -> Result<()> {
    let (chapters, cargo_args) = split_chapters(args)?;
    let cargo_args = cargo_args.as_slice();
    let root = crate::root();
    let crates = listing_check::listing_crates(&root).map_err(anyhow::Error::msg)?;
    let pages = chapter_pages(&root)?;
    let selection = if chapters.is_empty() {
        None
    } else {
        Some(Selection::of(&chapters, &crates, &pages)?)
    };
    let mut totals = Totals::default();
    // 1. Every crate's tests: the listings (tests/listings.rs of each chapter crate), the
    //    chapters through skeptic and the compile_fail blocks (book-tests), the task runner.
    //    --no-fail-fast: a failing crate does not hide the failures of the others.
    match &selection {
        None => cargo_test(
            &["test", "--workspace", "--locked", "--no-fail-fast"],
            cargo_args,
            &mut totals,
        )?,
        // One chapter's loop: its crates, then only its pages' blocks of book-tests (whose
        // build script still checks every chapter, as the full run does).
        Some(selection) => {
            if !selection.packages.is_empty() {
                let mut command = vec!["test", "--locked", "--no-fail-fast"];
                for package in &selection.packages {
                    command.extend(["-p", package.as_str()]);
                }
                cargo_test(&command, cargo_args, &mut totals)?;
            }
            // cargo's own arguments go before `--`; libtest's (the reader's, if any, and the
            // chapter's filters) after it, behind one `--`.
            let split = cargo_args.iter().position(|arg| arg == "--");
            let (for_cargo, for_libtest) = match split {
                Some(at) => (&cargo_args[..at], &cargo_args[at + 1..]),
                None => (cargo_args, &[][..]),
            };
            let mut command = vec!["test", "--locked", "-p", "book-tests"];
            command.extend(for_cargo.iter().map(String::as_str));
            command.push("--");
            command.extend(for_libtest.iter().map(String::as_str));
            command.extend(selection.test_filters.iter().map(String::as_str));
            cargo_test(&command, &[], &mut totals)?;
        }
    }
    // 2. Model-checking tests (loom) need their crate's `loom` feature, which swaps std's
    //    atomics for loom's; they run as a second pass so the listings above use std's.
    for krate in &crates {
        if let Some(selection) = &selection
            && !selection.packages.contains(&krate.package)
        {
            continue;
        }
        let manifest: toml::Table =
            toml::from_str(&std::fs::read_to_string(krate.dir.join("Cargo.toml"))?)?;
        let has_loom = manifest
            .get("features")
            .and_then(|features| features.get("loom"))
            .is_some();
        if has_loom {
            let package = krate.package.as_str();
            cargo_test(
                &[
                    "test",
                    "--locked",
                    "--release",
                    "-p",
                    package,
                    "--features",
                    "loom",
                    "--test",
                    "loom",
                ],
                cargo_args,
                &mut totals,
            )?;
        }
    }
    // 3. The book renders with mdBook.
    let dir = crate::book::build()?;
    println!("The book renders: {}", dir.join("index.html").display());

    let only = match &selection {
        None => String::new(),
        Some(_) => format!(
            " (only {}: run `cargo xtask test` before you push)",
            chapters.join(", ")
        ),
    };
    println!(
        "\nsummary: {} passed, {} failed, {} skipped{only}",
        totals.passed, totals.failed, totals.ignored
    );
    if totals.failed > 0 {
        bail!("{} test(s) failed", totals.failed);
    }
    Ok(())
}

/// Takes every `--chapter NAME` (or `--chapter=NAME`) before a `--` out of the arguments; the
/// rest are passed to cargo, in order.
fn split_chapters(args: &[String]) -> Result<(Vec<String>, Vec<String>)> {
    let mut chapters = Vec::new();
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            rest.push(arg.clone());
            rest.extend(args.cloned());
            break;
        }
        if let Some(name) = arg.strip_prefix("--chapter=") {
            chapters.push(name.to_string());
        } else if arg == "--chapter" {
            let Some(name) = args.next() else {
                bail!(
                    "--chapter needs a chapter, such as `--chapter ch05` or `--chapter ch12-2`"
                );
            };
            chapters.push(name.clone());
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((chapters, rest))
}

/// The file stems of the chapter pages under `book/` (`ch12-2-cancellation`, ...).
fn chapter_pages(root: &std::path::Path) -> Result<Vec<String>> {
    let mut pages = Vec::new();
    for entry in std::fs::read_dir(root.join("book")).context("cannot list book/")? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".md") {
            pages.push(stem.to_string());
        }
    }
    Ok(pages)
}

/// What `--chapter` selects: the crates and pages whose name is the chapter or starts with
/// it and a `-` (`ch12` is chapter 12 with its sub-pages, `ch12-2` only 12.2).
#[derive(Debug, PartialEq)]
struct Selection {
    packages: Vec<String>,
    /// libtest filters for book-tests: skeptic names each test after its page's file stem.
    test_filters: Vec<String>,
}

impl Selection {
    fn of(
        chapters: &[String],
        crates: &[listing_check::ListingCrate],
        pages: &[String],
    ) -> Result<Selection> {
        let mut selection = Selection {
            packages: Vec::new(),
            test_filters: Vec::new(),
        };
        for chapter in chapters {
            let selects = |name: &str| {
                name == chapter
                    || name
                        .strip_prefix(chapter.as_str())
                        .is_some_and(|rest| rest.starts_with('-'))
            };
            let packages: Vec<String> = crates
                .iter()
                .map(|krate| krate.package.clone())
                .filter(|package| selects(package))
                .collect();
            let matching_pages = pages.iter().filter(|page| selects(page)).count();
            if packages.is_empty() && matching_pages == 0 {
                bail!(
                    "--chapter {chapter}: no page under book/ and no crate under code/ is \
                     named {chapter} or {chapter}-..."
                );
            }
            selection.packages.extend(packages);
            selection
                .test_filters
                .push(format!("{}_", chapter.replace('-', "_")));
        }
        selection.packages.sort();
        selection.packages.dedup();
        Ok(selection)
    }
}

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
    ignored: u64,
}

/// Runs one `cargo test`, echoing its output and adding up libtest's result lines.
fn cargo_test(command: &[&str], extra: &[String], totals: &mut Totals) -> Result<()> {
    eprintln!("$ cargo {} {}", command.join(" "), extra.join(" "));
    let mut child = crate::cargo()
        .args(command)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .context("could not run cargo test")?;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line?;
        println!("{line}");
        // test result: ok. 2 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; ...
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let words: Vec<&str> = part.split_whitespace().collect();
                if let [.., count, what] = words[..]
                    && let Ok(n) = count.parse::<u64>()
                {
                    match what {
                        "passed" => totals.passed += n,
                        "failed" => totals.failed += n,
                        "ignored" => totals.ignored += n,
                        _ => {}
                    }
                }
            }
        }
    }
    let status = child.wait()?;
    if !status.success() {
        println!(
            "\nsummary: {} passed, {} failed, {} skipped",
            totals.passed,
            totals.failed.max(1),
            totals.ignored
        );
        bail!("`cargo {}` failed", command.join(" "));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn krate(package: &str) -> listing_check::ListingCrate {
        listing_check::ListingCrate {
            package: package.to_string(),
            dir: std::path::PathBuf::from("code").join(package),
            listings: Vec::new(),
        }
    }

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn a_chapter_selects_its_sub_pages_and_a_sub_page_only_itself() {
        let crates = [
            krate("ch12-1-futures-by-hand"),
            krate("ch12-2-cancellation"),
            krate("ch12-async-rust"),
            krate("ch13-choosing"),
            krate("ch01-what-are-threads"),
        ];
        let pages = strings(&[
            "ch12-async-rust",
            "ch12-2-cancellation",
            "ch00-introduction",
        ]);
        let chapter12 = Selection::of(&strings(&["ch12"]), &crates, &pages).unwrap();
        assert_eq!(
            chapter12.packages,
            strings(&[
                "ch12-1-futures-by-hand",
                "ch12-2-cancellation",
                "ch12-async-rust"
            ])
        );
        assert_eq!(chapter12.test_filters, strings(&["ch12_"]));
        let only_12_2 = Selection::of(&strings(&["ch12-2"]), &crates, &pages).unwrap();
        assert_eq!(only_12_2.packages, strings(&["ch12-2-cancellation"]));
        assert_eq!(only_12_2.test_filters, strings(&["ch12_2_"]));
        // A page without a crate (the introduction) is a chapter too.
        let intro = Selection::of(&strings(&["ch00"]), &crates, &pages).unwrap();
        assert!(intro.packages.is_empty());
        assert_eq!(intro.test_filters, strings(&["ch00_"]));
    }

    #[test]
    fn a_name_that_selects_nothing_is_an_error() {
        let crates = [krate("ch01-what-are-threads")];
        let pages = strings(&["ch01-what-are-threads"]);
        // A name selects only up to a dash: `ch1` is not `ch01`, `ch01-wh` not `ch01-what`.
        for name in ["ch1", "ch0", "ch01-wh"] {
            let error = Selection::of(&strings(&[name]), &crates, &pages).unwrap_err();
            assert!(error.to_string().contains(name), "{error}");
        }
    }

    #[test]
    fn chapter_flags_are_taken_out_and_the_rest_goes_to_cargo() {
        let args = strings(&[
            "--chapter",
            "ch05",
            "--release",
            "--chapter=ch12-2",
            "--",
            "--chapter",
            "x",
        ]);
        let (chapters, rest) = split_chapters(&args).unwrap();
        assert_eq!(chapters, strings(&["ch05", "ch12-2"]));
        // After `--` everything is libtest's, `--chapter` included.
        assert_eq!(rest, strings(&["--release", "--", "--chapter", "x"]));
        assert!(split_chapters(&strings(&["--release", "--chapter"])).is_err());
        let (none, all) = split_chapters(&strings(&["--release"])).unwrap();
        assert!(none.is_empty());
        assert_eq!(all, strings(&["--release"]));
    }
}
