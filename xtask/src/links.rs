//! `cargo xtask links [--online]`: the list of the book's external links
//! (`book/external-links.txt`), written from the chapters; with `--online`, each one is fetched.
//!
//! CI has no internet, so it checks only that the list is up to date (a new link cannot slip in
//! unreviewed); `--online` is for a machine that can reach the web, and needs `curl`.

use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};
use mdbook_driver::MDBook;

use listing_check::chapters::{EXTERNAL_LINKS, external_links, external_links_text};

pub fn run(args: &[String]) -> Result<()> {
    let online = match args {
        [] => false,
        [flag] if flag == "--online" => true,
        _ => bail!("usage: cargo xtask links [--online]"),
    };
    let root = crate::root();
    let book = MDBook::load(&root).map_err(|e| anyhow!("{e:#}"))?;
    let links = external_links(&book);
    let path = root.join(EXTERNAL_LINKS);
    std::fs::write(&path, external_links_text(&links))
        .with_context(|| format!("{}", path.display()))?;
    println!(
        "links: {} external link(s) listed in {EXTERNAL_LINKS}",
        links.len()
    );
    if !online {
        return Ok(());
    }
    let mut dead = Vec::new();
    for (url, chapters) in &links {
        let status = Command::new("curl")
            .args([
                "-sS",
                "-L",
                "-o",
                "/dev/null",
                "--max-time",
                "20",
                "-w",
                "%{http_code}",
            ])
            .arg(url)
            .output()
            .context("`cargo xtask links --online` needs curl")?;
        let code = String::from_utf8_lossy(&status.stdout).trim().to_string();
        let ok = status.status.success() && code.starts_with(['2', '3']);
        let chapters: Vec<&str> = chapters.iter().map(String::as_str).collect();
        println!(
            "{} {code:>3} {url} ({})",
            if ok { "ok  " } else { "DEAD" },
            chapters.join(", ")
        );
        if !ok {
            let why = String::from_utf8_lossy(&status.stderr).trim().to_string();
            dead.push(format!("{url} ({}): {code} {why}", chapters.join(", ")));
        }
    }
    if dead.is_empty() {
        println!("links: all {} reachable", links.len());
        Ok(())
    } else {
        bail!(
            "{} link(s) did not answer:\n  - {}",
            dead.len(),
            dead.join("\n  - ")
        )
    }
}
