//! `cargo xtask measure`: reruns every measurement of the book and rewrites the figures it shows.
//!
//! A measurement is a listing with `release = true` in its crate's `listings.toml`, or one of the
//! Python baselines in `code/python-baselines/` (run when `python3` is present). `--quick` runs
//! each with its small test arguments and writes nothing; `--check` runs the full measurements,
//! writes nothing, and checks every claim (the `[[claim]]`s of the `listings.toml` files) against the fresh figures.

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
    let mode = match args {
        [] => Mode::Write,
        [flag] if flag == "--quick" => Mode::Quick,
        [flag] if flag == "--check" => Mode::Check,
        [flag] if flag == "--redraw" => Mode::Redraw,
        _ => bail!("usage: cargo xtask measure [--quick | --check | --redraw]"),
    };
    let started = Instant::now();
    let jobs = if mode == Mode::Redraw {
        vec![]
    } else {
        jobs(&mode)?
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
            claims::write_results_page(&outcome.rows)?;
            crate::charts::draw_all()?;
        }
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
fn jobs(mode: &Mode) -> Result<Vec<Job>> {
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
    for krate in &crates {
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
    for krate in &crates {
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
            });
        }
    }
    let python = crate::root().join("code/python-baselines");
    if which("python3").is_some() {
        for baseline in BASELINES {
            let script = python.join(baseline.script);
            let args = if quick {
                baseline.quick_args
            } else {
                baseline.args
            };
            let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
            let mut all = vec![script.display().to_string()];
            all.extend(args.iter().cloned());
            jobs.push(Job {
                label: format!("python3 {}", baseline.script),
                program: which("python3").unwrap(),
                args: all,
                command_line: format!(
                    "$ python3 {} {}",
                    relative(&root, &script),
                    baseline.args.join(" ")
                ),
                output: python
                    .join("output")
                    .join(baseline.script.replace(".py", ".txt")),
                python: true,
            });
        }
    } else {
        println!("measure: python3 not found, so the Python baselines were SKIPPED");
    }
    Ok(jobs)
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}
