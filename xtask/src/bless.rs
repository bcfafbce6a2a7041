//! `cargo xtask bless`: runs every listing declared in a `listings.toml` with the arguments the
//! book shows and writes what it printed to `output/<bin>.txt`, under the command line.

use anyhow::{Context, Result, anyhow, bail, ensure};
use listing_check::{
    compiler_message_text, listing_crates, output_text, provenance, relative,
};

pub fn run(args: &[String]) -> Result<()> {
    let root = crate::root();
    let mut crates = listing_crates(&root).map_err(|e| anyhow!(e))?;
    if !args.is_empty() {
        for name in args {
            ensure!(
                crates.iter().any(|c| &c.package == name),
                "no crate `{name}` with a listings.toml under code/"
            );
        }
        crates.retain(|c| args.contains(&c.package));
    }
    let target = listing_check::target_dir(&root).map_err(|e| anyhow!(e))?;
    for release in [false, true] {
        let packages: Vec<&str> = crates
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
    for krate in &crates {
        for listing in &krate.listings {
            let profile = if listing.release { "release" } else { "debug" };
            let program = target.join(profile).join(format!(
                "{}{}",
                listing.bin,
                std::env::consts::EXE_SUFFIX
            ));
            eprintln!("  blessing {} --bin {}", krate.package, listing.bin);
            let run = listing_check::run(&program, &listing.args)
                .map_err(anyhow::Error::msg)?;
            if run.exit_code() != Some(0) {
                bail!(
                    "{} --bin {} exited with {:?}, not 0. It printed:\n{}",
                    krate.package,
                    listing.bin,
                    run.exit_code(),
                    run.combined
                );
            }
            // A measurement says when and with which compiler, as `cargo xtask measure` does.
            let measured = listing.release.then(|| provenance(false));
            let text = output_text(
                &listing.command_line(&krate.package),
                &run.combined,
                measured.as_deref(),
            );
            let path = krate.dir.join(listing.output_file());
            std::fs::create_dir_all(path.parent().unwrap())?;
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
                written += 1;
                println!("updated {}", relative(&root, &path));
            }
        }
    }
    for krate in &crates {
        for source in listing_check::compile_fail_sources(&krate.dir) {
            let (command, message) =
                listing_check::compile_fail_message(&krate.dir, &source)
                    .map_err(anyhow::Error::msg)?;
            let path = source.with_extension("stderr");
            let text = compiler_message_text(&command, &message);
            if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                std::fs::write(&path, text)?;
                written += 1;
                println!("updated {}", relative(&root, &path));
            }
        }
    }
    println!(
        "bless: {written} output file(s) changed; review them with `git diff` (and `git status` for new files)"
    );
    Ok(())
}
