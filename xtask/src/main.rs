//! The book's task runner. `cargo xtask` (an alias in `.cargo/config.toml`) lists its commands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use listing_check::chapters;

mod bless;
mod book;
mod browser;
mod charts;
mod claims;
mod ebook;
mod figures;
mod footers;
mod links;
mod measure;
mod new_chapter;
mod outcomes;
mod playground;
mod run_listing;
mod test;

const COMMANDS: &[(&str, &str)] = &[
    (
        "serve [--port N]",
        "build the book, serve it on http://127.0.0.1:3000 (or port N), rebuild on every change",
    ),
    (
        "build",
        "render the book into target/book (open target/book/index.html)",
    ),
    (
        "check",
        "expand every chapter's includes and report missing files, anchors or outputs (fast)",
    ),
    (
        "test [--chapter chNN]",
        "run every test CI runs (listings, skeptic, compile_fail, loom); --chapter: only chNN's",
    ),
    (
        "browser [--self-test]",
        "check the rendered book in headless Chromium: console, listings, images, links, search",
    ),
    (
        "ebook",
        "write the whole book as EPUB and PDF into target/book/downloads (pandoc, Chromium)",
    ),
    (
        "bless [CRATE...]",
        "rerun listings and rewrite the output files the book shows",
    ),
    (
        "measure [--quick|--check|--redraw] [--python-only]",
        "rerun the measurements (release) and Python baselines; check the book's claims",
    ),
    (
        "outcomes [CRATE...]",
        "enumerate the races' outcomes (loom) and count them in real runs (see REFERENCE.md)",
    ),
    (
        "links [--online]",
        "list the book's external links in book/external-links.txt; --online fetches each (curl)",
    ),
    (
        "new-chapter <slug> <title>",
        "scaffold a chapter: page, crate, listing, output, test, SUMMARY entry",
    ),
];

fn main() -> ExitCode {
    // Listings and their arguments are written relative to the repository root.
    if let Err(e) = std::env::set_current_dir(root()) {
        eprintln!("error: cannot enter the repository root: {e}");
        return ExitCode::FAILURE;
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first() else {
        print_help();
        return ExitCode::SUCCESS;
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "serve" => book::serve(rest),
        "build" => book::build()
            .map(|dir| println!("The book is in {}", dir.join("index.html").display())),
        "test" => test::run(rest),
        "browser" => browser::run(rest),
        "ebook" => ebook::run(rest),
        "check" => check(),
        "bless" => bless::run(rest),
        "measure" => measure::run(rest),
        "outcomes" => outcomes::run(rest),
        "links" => links::run(rest),
        "new-chapter" => new_chapter::run(rest),
        // Not in the help: mdBook runs it (book.toml) when the book is built by `mdbook` itself.
        "listing-footers" => footers::run_as_command(rest),
        "figures" => figures::run_as_command(rest),
        "help" | "-h" | "--help" => {
            print_help();
            Ok(())
        }
        other => Err(anyhow::anyhow!(
            "unknown command `{other}`; run `cargo xtask` for the list"
        )),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn print_help() {
    println!("cargo xtask <command>\n\nCommands:");
    for (name, help) in COMMANDS {
        println!("  {name:<28} {help}");
    }
}

/// The repository root: the nearest directory above the current one that holds `book.toml`
/// (so the task runner also works in a copy of the repository), else this checkout's root.
pub fn root() -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    here.ancestors()
        .find(|dir| dir.join("book.toml").is_file() && dir.join("code").is_dir())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .parent()
                .unwrap()
                .to_path_buf()
        })
}

/// A program the task runner starts: the file the environment variable `var` names, if it is
/// set (and is a file), else the first of `names` in `/usr/bin` (Debian's packages) or on `$PATH`.
pub fn find_program(var: Option<&str>, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = var.and_then(std::env::var_os) {
        return Some(PathBuf::from(path)).filter(|p| p.is_file());
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let mut dirs = vec![PathBuf::from("/usr/bin")];
    dirs.extend(std::env::split_paths(&path));
    names
        .iter()
        .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// The cargo that runs this task, for the commands it starts in turn.
pub fn cargo() -> std::process::Command {
    let mut cmd = std::process::Command::new(
        std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
    );
    cmd.current_dir(root());
    cmd
}

/// Expands every chapter as the tests do and reports the problems the build would report.
fn check() -> anyhow::Result<()> {
    let expanded = chapters::expand_chapters(&root());
    for warning in chapters::warnings().iter() {
        println!("  - {warning}");
    }
    match expanded {
        Ok(found) => {
            let mut problems = Vec::new();
            let mut blocks = 0;
            for chapter in &found {
                let (_, compile_fail) =
                    chapters::split_compile_fail(chapter, &mut problems);
                blocks += compile_fail.matches("#[test]").count();
            }
            anyhow::ensure!(problems.is_empty(), "\n  - {}", problems.join("\n  - "));
            println!(
                "check: {} chapters expand cleanly ({blocks} compile_fail blocks)",
                found.len()
            );
            Ok(())
        }
        Err(problems) => Err(anyhow::anyhow!("\n  - {}", problems.join("\n  - "))),
    }
}
