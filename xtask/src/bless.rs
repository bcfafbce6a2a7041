//! `cargo xtask bless`: runs every listing declared in a `listings.toml` with the arguments the
//! book shows and writes what it printed to `output/<bin>.txt`, under the command line.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use listing_check::{Listing, Listings};

/// A chapter crate with its listings.
pub struct Chapter {
    pub package: String,
    pub dir: PathBuf,
    pub listings: Vec<Listing>,
}

/// Every crate under `code/` that has a `listings.toml`, sorted by name.
pub fn chapters() -> Result<Vec<Chapter>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(crate::root().join("code"))? {
        let dir = entry?.path();
        if !dir.join("Cargo.toml").exists() {
            continue;
        }
        let listings = Listings::read(&dir).map_err(anyhow::Error::msg)?.listings;
        if listings.is_empty() {
            continue;
        }
        let package = dir.file_name().unwrap().to_string_lossy().into_owned();
        found.push(Chapter {
            package,
            dir,
            listings,
        });
    }
    found.sort_by(|a, b| a.package.cmp(&b.package));
    Ok(found)
}

pub fn run(args: &[String]) -> Result<()> {
    let mut chapters = chapters()?;
    if !args.is_empty() {
        for name in args {
            ensure!(
                chapters.iter().any(|c| &c.package == name),
                "no crate `{name}` with a listings.toml under code/"
            );
        }
        chapters.retain(|c| args.contains(&c.package));
    }
    let target = target_dir()?;
    for release in [false, true] {
        let packages: Vec<&str> = chapters
            .iter()
            .filter(|c| c.listings.iter().any(|l| l.release == release))
            .map(|c| c.package.as_str())
            .collect();
        if packages.is_empty() {
            continue;
        }
        let mut build = crate::cargo();
        build.args(["build", "--bins"]);
        if release {
            build.arg("--release");
        }
        for package in &packages {
            build.args(["-p", package]);
        }
        let status = build.status().context("could not run cargo build")?;
        ensure!(status.success(), "cargo build failed");
    }

    let mut written = 0;
    for chapter in &chapters {
        for listing in &chapter.listings {
            let profile = if listing.release { "release" } else { "debug" };
            let program = target.join(profile).join(format!(
                "{}{}",
                listing.bin,
                std::env::consts::EXE_SUFFIX
            ));
            eprintln!("  blessing {} --bin {}", chapter.package, listing.bin);
            let run = listing_check::run(&program, &listing.args)
                .map_err(anyhow::Error::msg)?;
            if run.exit_code() != Some(listing.exit_code) {
                bail!(
                    "{} --bin {} exited with {:?}, but listings.toml expects {}. It printed:\n{}",
                    chapter.package,
                    listing.bin,
                    run.exit_code(),
                    listing.exit_code,
                    run.combined
                );
            }
            let mut text = format!(
                "{}\n{}",
                listing.command_line(&chapter.package),
                run.combined
            );
            if listing.release {
                // A measurement: say when and with which compiler, as `cargo xtask measure` does.
                text.push_str(&crate::measure::provenance(false));
            }
            let path = chapter.dir.join(listing.output_file());
            std::fs::create_dir_all(path.parent().unwrap())?;
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
                written += 1;
                println!("updated {}", relative(&path));
            }
        }
    }
    for chapter in &chapters {
        for source in listing_check::compile_fail_sources(&chapter.dir) {
            let (command, message) =
                listing_check::compile_fail_message(&chapter.dir, &source)
                    .map_err(anyhow::Error::msg)?;
            let path = source.with_extension("stderr");
            let text = format!("{command}\n{message}");
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
                written += 1;
                println!("updated {}", relative(&path));
            }
        }
    }
    println!(
        "bless: {written} output file(s) changed; review them with `git diff` (and `git status` for new files)"
    );
    Ok(())
}

/// Where cargo puts binaries for this workspace.
pub fn target_dir() -> Result<PathBuf> {
    let output = crate::cargo()
        .args(["metadata", "--format-version=1", "--no-deps"])
        .output()
        .context("could not run cargo metadata")?;
    ensure!(output.status.success(), "cargo metadata failed");
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let dir = metadata["target_directory"]
        .as_str()
        .context("no target_directory in cargo metadata")?;
    Ok(PathBuf::from(dir))
}

pub fn relative(path: &Path) -> String {
    path.strip_prefix(crate::root())
        .unwrap_or(path)
        .display()
        .to_string()
}
