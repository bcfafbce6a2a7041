//! Test support shared by the chapter crates (as a dev-dependency only) and by `cargo xtask`.
//!
//! Every chapter crate has a `listings.toml` that names each listing the book shows with its
//! output, and says whether that output is `exact` (the book's output block must equal a fresh
//! run, to the letter) or `varies` (interleavings or timings: the book labels it "one possible
//! run" and the crate's own tests check the invariant instead). This is the one place where
//! that choice is made; `cargo xtask bless` and the tests below both read it.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

use serde::Deserialize;
use wait_timeout::ChildExt;

pub mod figures;
pub mod outcomes;
pub mod stepper;

mod crates;
pub use crates::{
    ListingCrate, compiler_message_text, listing_crates, output_text, provenance,
    relative, target_dir, today,
};

#[cfg(feature = "book")]
pub mod chapters;

/// How long any listing may run before a test or `bless` gives up on it.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// A chapter crate's `listings.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listings {
    #[serde(default, rename = "listing")]
    pub listings: Vec<Listing>,
    /// The measured figures the prose quotes from these listings' outputs (see [`figures`]).
    #[serde(default, rename = "figure")]
    pub figures: Vec<figures::FigureDef>,
    /// What the text claims about those figures, as bounds (see [`figures::ClaimDef`]).
    #[serde(default, rename = "claim")]
    pub claims: Vec<figures::ClaimDef>,
}

/// One listing: a binary of the crate, how the book runs it, and what kind of output it has.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Listing {
    /// The binary's name (`src/bin/<bin>.rs`).
    pub bin: String,
    /// Whether the output block in the book must match a fresh run to the letter.
    pub output: OutputKind,
    /// The arguments of the command shown in the book.
    #[serde(default)]
    pub args: Vec<String>,
    /// Smaller arguments for the test suite, for measurements that take long with `args`.
    pub test_args: Option<Vec<String>>,
    /// Run in release mode (measurements): the book's command then says `--release`.
    #[serde(default)]
    pub release: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputKind {
    /// Deterministic: the test suite compares a fresh run with the output file.
    Exact,
    /// Nondeterministic: the book says "one possible run"; the crate's tests check an invariant.
    Varies,
}

impl Listings {
    /// Reads `<crate_dir>/listings.toml`; a crate without one has no listings.
    pub fn read(crate_dir: &Path) -> Result<Listings, String> {
        let path = crate_dir.join("listings.toml");
        if !path.exists() {
            return Ok(Listings {
                listings: vec![],
                figures: vec![],
                claims: vec![],
            });
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        let listings: Listings =
            toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for listing in &listings.listings {
            // A release listing is a measurement, whose output ends with the date it was
            // measured (`provenance`): a fresh run can never print that, so it cannot be exact.
            if listing.release && listing.output == OutputKind::Exact {
                return Err(format!(
                    "{}: `{}` has release = true and output = \"exact\", which can never pass: \
                     a measurement's output varies",
                    path.display(),
                    listing.bin
                ));
            }
        }
        Ok(listings)
    }
}

impl Listing {
    /// Where the output shown in the book lives, relative to the crate.
    pub fn output_file(&self) -> PathBuf {
        PathBuf::from("output").join(format!("{}.txt", self.bin))
    }

    /// The command line printed as the first line of the output file, as a reader types it.
    pub fn command_line(&self, package: &str) -> String {
        let mut line = String::from("$ cargo run");
        if self.release {
            line.push_str(" --release");
        }
        line.push_str(&format!(" -p {package} --bin {}", self.bin));
        if !self.args.is_empty() {
            line.push_str(" --");
            for arg in &self.args {
                line.push(' ');
                line.push_str(arg);
            }
        }
        line
    }
}

/// What one run of a listing printed.
#[derive(Debug)]
pub struct Run {
    pub status: ExitStatus,
    /// Standard output and standard error through one pipe, in the order they were written,
    /// as a terminal would show them.
    pub combined: String,
}

impl Run {
    pub fn exit_code(&self) -> Option<i32> {
        self.status.code()
    }
}

/// Runs a program with `args`, its output and errors captured together, killed after [`TIMEOUT`].
pub fn run(program: &Path, args: &[String]) -> Result<Run, String> {
    run_with_timeout(program, args, TIMEOUT)
}

/// Like [`run`], with a chosen time limit.
pub fn run_with_timeout(
    program: &Path,
    args: &[String],
    limit: Duration,
) -> Result<Run, String> {
    let (mut reader, writer) = std::io::pipe().map_err(|e| format!("pipe: {e}"))?;
    let writer_for_stderr = writer.try_clone().map_err(|e| format!("pipe: {e}"))?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(writer_for_stderr)
        // Panic messages and backtraces must look the same in every environment.
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", program.display()))?;
    // `Command` has been consumed, so the only write ends left are the child's: reading to
    // the end cannot block past the child's exit. Read on a thread so a chatty child never
    // fills the pipe and stalls.
    let collector = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = reader.read_to_end(&mut bytes);
        bytes
    });
    let status = match child.wait_timeout(limit).map_err(|e| e.to_string())? {
        Some(status) => status,
        None => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{} {} did not finish within {} s and was killed",
                program.display(),
                args.join(" "),
                limit.as_secs()
            ));
        }
    };
    let bytes = collector
        .join()
        .map_err(|_| "output reader panicked".to_string())?;
    Ok(Run {
        status,
        combined: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// What a listing printed, its standard output and standard error apart (see [`run_listing`]).
#[derive(Debug)]
pub struct Output {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn success(&self) -> bool {
        self.status.success()
    }
}

/// The one way a chapter's tests run a listing: `run_listing(env!("CARGO_BIN_EXE_x"), &["10"])`.
/// Standard input is empty; the listing is killed after [`TIMEOUT`], and a listing that cannot
/// start or does not finish fails the test with its name, so a hung listing cannot hang CI.
pub fn run_listing(path: &str, args: &[&str]) -> Output {
    run_listing_with_timeout(path, args, TIMEOUT)
}

/// Like [`run_listing`], with a chosen time limit.
pub fn run_listing_with_timeout(path: &str, args: &[&str], limit: Duration) -> Output {
    let name = Path::new(path)
        .file_name()
        .map_or(path.into(), |n| n.to_string_lossy().into_owned());
    let mut child = Command::new(path)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {name} {args:?}: {e}"));
    let collect = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = collect(Box::new(child.stdout.take().unwrap()));
    let stderr = collect(Box::new(child.stderr.take().unwrap()));
    let status = match child.wait_timeout(limit) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{name} {args:?} did not finish within {} s and was killed",
                limit.as_secs()
            );
        }
        Err(e) => panic!("waiting for {name}: {e}"),
    };
    Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    }
}

/// Runs a listing as [`run_listing`] does and returns its standard output; fails the test with
/// everything it printed unless it exited with code 0.
pub fn stdout_of(path: &str, args: &[&str]) -> String {
    let output = run_listing(path, args);
    assert!(
        output.success(),
        "{path} {args:?} failed ({:?}):\n{}{}",
        output.status,
        output.stdout,
        output.stderr
    );
    output.stdout
}

/// Runs a listing as [`run_listing`] does, but with its standard output and standard error
/// through one pipe, in the order they were written, as a terminal shows them
/// ([`Run::combined`]): for a test that reads a panic message beside what the listing printed,
/// or that counts every line a listing wrote. Fails the test, naming the listing, if it cannot
/// start or does not finish within [`TIMEOUT`].
pub fn run_listing_combined(path: &str, args: &[&str]) -> Run {
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    run(Path::new(path), &args).unwrap_or_else(|e| panic!("{e}"))
}

/// Runs a listing as [`run_listing_combined`] does and returns everything it printed, in order;
/// fails the test with that text unless it exited with code 0.
pub fn combined_of(path: &str, args: &[&str]) -> String {
    let run = run_listing_combined(path, args);
    assert_eq!(
        run.exit_code(),
        Some(0),
        "{path} {args:?} failed ({:?}):\n{}",
        run.status,
        run.combined
    );
    run.combined
}

/// The names and paths of a crate's binaries, as integration tests see them:
/// `listing_check::bins!["named-threads", "orders"]`.
#[macro_export]
macro_rules! bins {
    ($($name:literal),* $(,)?) => {
        &[$(($name, env!(concat!("CARGO_BIN_EXE_", $name)))),*]
    };
}

/// The test every chapter crate runs: each listing in `listings.toml` runs with its arguments,
/// ends with its exit code, and, where its output is `exact`, prints exactly what the book shows.
///
/// `bins` must name every binary of the crate (see [`bins!`]), so a new listing cannot be
/// forgotten by either side.
pub fn check_listings(crate_dir: &str, bins: &[(&str, &str)]) {
    let crate_dir = Path::new(crate_dir);
    let package = crate_dir
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let listings = Listings::read(crate_dir).unwrap_or_else(|e| panic!("{e}"));
    let declared: BTreeSet<&str> =
        listings.listings.iter().map(|l| l.bin.as_str()).collect();
    let given: BTreeSet<&str> = bins.iter().map(|(name, _)| *name).collect();
    let on_disk = binaries_on_disk(crate_dir);
    for bin in &on_disk {
        assert!(
            given.contains(bin.as_str()),
            "{package}: src/bin/{bin}.rs is not named in this crate's `listing_check::bins![..]`"
        );
    }
    for bin in &declared {
        assert!(
            given.contains(bin),
            "{package}: listings.toml names `{bin}`, which is not a binary of this crate"
        );
    }
    // An output file no listing writes (left behind by a renamed listing) would go stale unseen.
    for entry in std::fs::read_dir(crate_dir.join("output"))
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt") {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            assert!(
                declared.contains(stem.as_ref()),
                "{package}: output/{stem}.txt belongs to no listing of listings.toml \
                 (left from a renamed listing?): delete it, or declare `{stem}` there"
            );
        }
    }

    let mut failures = Vec::new();
    for listing in &listings.listings {
        let path = bins
            .iter()
            .find(|(name, _)| *name == listing.bin)
            .unwrap()
            .1;
        let args = listing.test_args.as_ref().unwrap_or(&listing.args);
        let run = match run(Path::new(path), args) {
            Ok(run) => run,
            Err(e) => {
                failures.push(format!("{package} --bin {}: {e}", listing.bin));
                continue;
            }
        };
        // Every listing the book runs ends normally: skeptic runs the same code and needs exit 0.
        if run.exit_code() != Some(0) {
            failures.push(format!(
                "{package} --bin {}: exit code {:?}; a listing must exit with 0. It printed:\n{}",
                listing.bin,
                run.exit_code(),
                run.combined
            ));
            continue;
        }
        if listing.output == OutputKind::Exact {
            let file = crate_dir.join(listing.output_file());
            let shown = std::fs::read_to_string(&file).unwrap_or_default();
            let expected =
                output_text(&listing.command_line(&package), &run.combined, None);
            if shown != expected {
                failures.push(format!(
                    "{package} --bin {}: {} shows an output that a fresh run no longer \
                     prints.\n--- {} (shown in the book)\n{shown}\n--- fresh run\n{expected}\n\
                     If the new output is right, run `cargo xtask bless` and review the diff.",
                    listing.bin,
                    chapters_showing(crate_dir, &listing.output_file()),
                    file.display()
                ));
            }
        }
    }
    failures.extend(check_compiler_messages(crate_dir));
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

/// The chapters (`book/*.md` beside `code/`) that include a file of this crate, for messages.
fn chapters_showing(crate_dir: &Path, file: &Path) -> String {
    let Some(name) = crate_dir.file_name() else {
        return "the book".into();
    };
    let included = format!(
        "code/{}/{}",
        name.to_string_lossy(),
        file.to_string_lossy().replace('\\', "/")
    );
    let book = crate_dir.join("../../book");
    let mut chapters: Vec<String> = std::fs::read_dir(&book)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .filter(|path| {
            std::fs::read_to_string(path).is_ok_and(|text| text.contains(&included))
        })
        .map(|path| format!("book/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    chapters.sort();
    if chapters.is_empty() {
        "the book".into()
    } else {
        chapters.join(" and ")
    }
}

/// The listings of a crate that must not compile: `compile_fail/<name>.rs`, sorted.
pub fn compile_fail_sources(crate_dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(crate_dir.join("compile_fail"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    found.sort();
    found
}

/// The command that shows a compile_fail listing's error, as the book prints it, run from the
/// repository root; and what it printed.
pub fn compile_fail_message(
    crate_dir: &Path,
    source: &Path,
) -> Result<(String, String), String> {
    let root = crate_dir
        .parent()
        .and_then(Path::parent)
        .ok_or("crate outside code/")?;
    let relative = source.strip_prefix(root).map_err(|e| e.to_string())?;
    let shown = format!("$ rustc --edition 2024 {}", relative.display());
    let scratch =
        std::env::temp_dir().join(format!("listing-check-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
    // `--out-dir` keeps a listing that compiles by mistake from leaving a binary in the
    // repository; it does not change what rustc says about one that does not compile.
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args(["--edition", "2024"])
        .arg(relative)
        .arg("--out-dir")
        .arg(&scratch)
        .current_dir(root)
        .env_remove("RUST_BACKTRACE")
        .output()
        .map_err(|e| format!("could not run rustc: {e}"))?;
    if output.status.success() {
        return Err(format!(
            "{} compiles, but it is a compile_fail listing",
            relative.display()
        ));
    }
    Ok((shown, String::from_utf8_lossy(&output.stderr).into_owned()))
}

/// Each `compile_fail/<name>.stderr` (written by `cargo xtask bless`) must be what rustc says now.
fn check_compiler_messages(crate_dir: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    for source in compile_fail_sources(crate_dir) {
        let expected_file = source.with_extension("stderr");
        let Ok(shown) = std::fs::read_to_string(&expected_file) else {
            failures.push(format!(
                "{}: a compile_fail listing without its compiler message: run `cargo xtask \
                 bless` to write {}",
                source.display(),
                expected_file.display()
            ));
            continue;
        };
        match compile_fail_message(crate_dir, &source) {
            Ok((command, message)) => {
                let fresh = compiler_message_text(&command, &message);
                if fresh != shown {
                    failures.push(format!(
                        "{}: the compiler message the book shows is not what rustc says now.\n\
                         --- shown\n{shown}\n--- now\n{fresh}\nRun `cargo xtask bless` and review the diff.",
                        expected_file.display()
                    ));
                }
            }
            Err(e) => failures.push(e),
        }
    }
    failures
}

/// The binaries a crate has under `src/bin/`, by name.
pub fn binaries_on_disk(crate_dir: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    if let Ok(entries) = std::fs::read_dir(crate_dir.join("src/bin")) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "rs") {
                names.insert(path.file_stem().unwrap().to_string_lossy().into_owned());
            } else if path.join("main.rs").exists() {
                names.insert(entry.file_name().to_string_lossy().into_owned());
            }
        }
    }
    names
}
