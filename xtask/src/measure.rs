//! `cargo xtask measure`: reruns every measurement of the book and rewrites the figures it shows.
//!
//! A measurement is a listing with `release = true` in its crate's `listings.toml`, or one of the
//! Python baselines in `code/python-baselines/`, run under each interpreter there is: `python3`
//! (CPython with the GIL) and a free-threaded CPython (see [`free_threaded_python`]), whose
//! outputs go to `output/<baseline>-free-threaded.txt`. `--quick` runs each with its small test
//! arguments and writes nothing; `--check` runs the full measurements, writes nothing, and checks
//! every claim (the `[[claim]]`s of the `listings.toml` files) against the fresh figures.
//! `--python-only` (alone or with one of those) runs only the Python baselines.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail, ensure};

use crate::claims;
use listing_check::{listing_crates, output_text, provenance, relative, target_dir};

/// A Python program of the project's own, with the arguments the book's figures use.
struct Baseline {
    script: &'static str,
    args: &'static [&'static str],
    quick_args: &'static [&'static str],
}

const BASELINES: &[Baseline] = &[
    Baseline {
        script: "cpu_threads.py",
        args: &["5000000"],
        quick_args: &["20000"],
    },
    Baseline {
        script: "thread_memory.py",
        args: &["10000"],
        quick_args: &["50"],
    },
    Baseline {
        script: "counter_race.py",
        // Long enough for dozens of CPython's 5 ms thread switches, so the race shows each run.
        args: &["1000000"],
        quick_args: &["1000"],
    },
];

/// One measurement to run: a program, its arguments, and where its figures go.
struct Job {
    label: String,
    program: PathBuf,
    args: Vec<String>,
    command_line: String,
    output: PathBuf,
    /// A Python baseline (its output names the interpreter itself).
    python: bool,
    /// A baseline run under a free-threaded CPython: its output must say the GIL stayed off.
    free_threaded: bool,
}

/// The environment variable that names a free-threaded CPython explicitly.
const FREE_THREADED_ENV: &str = "BOOK_FREE_THREADED_PYTHON";

/// Where `.ci/free-threaded-python` installs the CPython it builds, under the repository root.
const BUILT_FREE_THREADED: &str = "target/tools/python3.13t/bin/python3.13t";

/// A Python interpreter the baselines run under.
struct Interpreter {
    program: PathBuf,
    /// How the output's command line names it.
    shown: String,
    free_threaded: bool,
}

#[derive(PartialEq)]
enum Mode {
    /// Rewrite the output files.
    Write,
    /// Small arguments, nothing written.
    Quick,
    /// Full arguments, nothing written, claims checked.
    Check,
    /// Nothing run: the Results page and the charts redrawn from the committed outputs.
    Redraw,
}

pub fn run(args: &[String]) -> Result<()> {
    const USAGE: &str =
        "usage: cargo xtask measure [--quick | --check | --redraw] [--python-only]";
    let python_only = args.iter().any(|a| a == "--python-only");
    let rest: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| *a != "--python-only")
        .collect();
    let mode = match rest[..] {
        [] => Mode::Write,
        ["--quick"] => Mode::Quick,
        ["--check"] => Mode::Check,
        ["--redraw"] if !python_only => Mode::Redraw,
        _ => bail!(USAGE),
    };
    let started = Instant::now();
    let jobs = if mode == Mode::Redraw {
        vec![]
    } else {
        jobs(&mode, python_only)?
    };
    let mut fresh = Vec::new();
    for (n, job) in jobs.iter().enumerate() {
        eprint!("[{}/{}] {} ... ", n + 1, jobs.len(), job.label);
        let began = Instant::now();
        let run =
            listing_check::run(&job.program, &job.args).map_err(anyhow::Error::msg)?;
        ensure!(
            run.status.success(),
            "{} failed ({:?}):\n{}",
            job.label,
            run.exit_code(),
            run.combined
        );
        eprintln!("{:.1} s", began.elapsed().as_secs_f64());
        ensure!(
            !job.free_threaded || run.combined.contains("sys._is_gil_enabled() = False"),
            "{} ran with the GIL enabled: it is not a free-threaded build, or PYTHON_GIL=1 or \
             -X gil=1 turned the GIL back on. Its output:\n{}",
            job.label,
            run.combined
        );
        ensure!(
            !job.python
                || job.free_threaded
                || !run.combined.contains("sys._is_gil_enabled() = False"),
            "{} ran without the GIL: `python3` is a free-threaded build here, so its outputs \
             would stand in the book for CPython with the GIL. Put a default CPython first on \
             PATH. Its output:\n{}",
            job.label,
            run.combined
        );
        let text = output_text(
            &job.command_line,
            &run.combined,
            Some(&provenance(job.python)),
        );
        if mode == Mode::Write {
            std::fs::create_dir_all(job.output.parent().unwrap())?;
            std::fs::write(&job.output, &text)?;
        }
        fresh.push((job.output.clone(), text));
    }
    let mut broken = Vec::new();
    if mode != Mode::Quick {
        let root = crate::root();
        let outcome = claims::check(&|path: &Path| {
            let path = root.join(path);
            fresh
                .iter()
                .find(|(output, _)| *output == path)
                .map(|(_, text)| text.clone())
                .or_else(|| std::fs::read_to_string(&path).ok())
        })?;
        for line in &outcome.report {
            println!("{line}");
        }
        broken = outcome.broken;
        if mode == Mode::Write || mode == Mode::Redraw {
            claims::write_results_page(&outcome.rows, mode == Mode::Write)?;
            crate::charts::draw_all()?;
        }
    }
    // The races' outcomes: their counts of real runs are a measurement of this machine too.
    if mode == Mode::Write && !python_only {
        crate::outcomes::run(&[])?;
    }
    let what = match mode {
        Mode::Write => "figures rewritten; review them with `git diff`",
        Mode::Quick => "quick run, nothing written",
        Mode::Check => "checked against the claims, nothing written",
        Mode::Redraw => "Results page and charts redrawn from the committed outputs",
    };
    println!(
        "measure: {} measurement(s) in {:.0} s; {what}",
        jobs.len(),
        started.elapsed().as_secs_f64()
    );
    ensure!(
        broken.is_empty(),
        "{} claim(s) of the book no longer hold:\n  - {}",
        broken.len(),
        broken.join("\n  - ")
    );
    Ok(())
}

/// Builds the measurement listings in release mode and lists every measurement to run.
fn jobs(mode: &Mode, python_only: bool) -> Result<Vec<Job>> {
    let quick = *mode == Mode::Quick;
    let root = crate::root();
    let crates = listing_crates(&root).map_err(anyhow::Error::msg)?;
    // A listing that writes data or a chart itself (`--csv PATH`, `--svg PATH`) writes into
    // target/measure-scratch/ unless the figures are being rewritten.
    let target = target_dir(&root).map_err(anyhow::Error::msg)?;
    let scratch = target.join("measure-scratch");
    std::fs::create_dir_all(&scratch)?;
    let keep_paths = *mode == Mode::Write;
    let redirect = |arg: String| -> String {
        let written = arg.ends_with(".csv") || arg.ends_with(".svg");
        match Path::new(&arg).file_name() {
            Some(name) if written && !keep_paths => {
                scratch.join(name).display().to_string()
            }
            _ => arg,
        }
    };
    let mut build = crate::cargo();
    build.args(["build", "--release", "--bins"]);
    let mut any = false;
    for krate in crates.iter().filter(|_| !python_only) {
        if krate.listings.iter().any(|l| l.release) {
            build.args(["-p", &krate.package]);
            any = true;
        }
    }
    if any {
        eprintln!("building the measurement listings in release mode ...");
        ensure!(build.status()?.success(), "cargo build --release failed");
    }
    let release = target.join("release");
    let mut jobs = Vec::new();
    for krate in crates.iter().filter(|_| !python_only) {
        for listing in krate.listings.iter().filter(|l| l.release) {
            let args = if quick {
                listing
                    .test_args
                    .clone()
                    .unwrap_or_else(|| listing.args.clone())
            } else {
                listing.args.clone()
            };
            let args = args.into_iter().map(redirect).collect();
            jobs.push(Job {
                label: format!("{} --bin {}", krate.package, listing.bin),
                program: release.join(format!(
                    "{}{}",
                    listing.bin,
                    std::env::consts::EXE_SUFFIX
                )),
                args,
                command_line: listing.command_line(&krate.package),
                output: krate.dir.join(listing.output_file()),
                python: false,
                free_threaded: false,
            });
        }
    }
    let python = root.join("code/python-baselines");
    let interpreters = python_interpreters(&root)?;
    // Baseline by baseline, each under every interpreter, so the runs compared sit close in time.
    for baseline in BASELINES {
        for interpreter in &interpreters {
            let script = python.join(baseline.script);
            let args = if quick {
                baseline.quick_args
            } else {
                baseline.args
            };
            let mut all = vec![script.display().to_string()];
            all.extend(args.iter().map(|a| a.to_string()));
            let stem = baseline.script.trim_end_matches(".py");
            let suffix = if interpreter.free_threaded {
                "-free-threaded"
            } else {
                ""
            };
            jobs.push(Job {
                label: format!("{} {}", interpreter.shown, baseline.script),
                program: interpreter.program.clone(),
                args: all,
                command_line: format!(
                    "$ {} {} {}",
                    interpreter.shown,
                    relative(&root, &script),
                    baseline.args.join(" ")
                ),
                output: python.join("output").join(format!("{stem}{suffix}.txt")),
                python: true,
                free_threaded: interpreter.free_threaded,
            });
        }
    }
    Ok(jobs)
}

/// The interpreters the Python baselines run under: `python3` (CPython with the GIL) and a
/// free-threaded CPython, each when there is one. Says which it skipped, and how to add it.
fn python_interpreters(root: &Path) -> Result<Vec<Interpreter>> {
    let mut found = Vec::new();
    match which("python3") {
        Some(program) => found.push(Interpreter {
            program,
            shown: "python3".into(),
            free_threaded: false,
        }),
        None => println!(
            "measure: python3 not found, so the Python baselines with the GIL were SKIPPED"
        ),
    }
    match free_threaded_python(root)? {
        Some(program) => {
            let shown = match program.strip_prefix(root) {
                Ok(inside) => inside.display().to_string(),
                Err(_) => program.file_name().map_or_else(
                    || program.display().to_string(),
                    |n| n.to_string_lossy().into(),
                ),
            };
            println!("measure: free-threaded CPython: {}", program.display());
            found.push(Interpreter {
                program,
                shown,
                free_threaded: true,
            });
        }
        None => println!(
            "measure: no free-threaded CPython, so the free-threaded Python baselines were SKIPPED \
             (their committed outputs stay as they are). To add one: `.ci/free-threaded-python` \
             (Debian), or put python3.14t or python3.13t on PATH (`uv python install 3.14t`), \
             or set {FREE_THREADED_ENV}=/path/to/python3.14t"
        ),
    }
    Ok(found)
}

/// A free-threaded CPython: the one `$BOOK_FREE_THREADED_PYTHON` names (a path, or a name on
/// PATH), else the one `.ci/free-threaded-python` built, else `python3.14t` or `python3.13t` on
/// PATH. Whether it really runs without the GIL, its outputs say (and [`run`] checks).
fn free_threaded_python(root: &Path) -> Result<Option<PathBuf>> {
    if let Some(named) = std::env::var_os(FREE_THREADED_ENV).filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        let program = if path.components().count() == 1 {
            which(&named.to_string_lossy())
        } else {
            Some(path).filter(|p| p.is_file())
        };
        return match program {
            Some(program) => Ok(Some(program)),
            None => bail!(
                "{FREE_THREADED_ENV}={}: no such interpreter",
                named.to_string_lossy()
            ),
        };
    }
    let built = root.join(BUILT_FREE_THREADED);
    if built.is_file() {
        return Ok(Some(built));
    }
    Ok(["python3.14t", "python3.13t"].into_iter().find_map(which))
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}
