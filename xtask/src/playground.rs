//! Which Rust blocks get mdBook's playground button: the one place that decides it.
//!
//! mdBook sends a block to play.rust-lang.org, which compiles it with `std` and the crates it
//! offers (the most downloaded ones: its `compiler/base/Cargo.toml` lists them), and nothing of
//! this repository. The `listing-footers` preprocessor (footers.rs) asks [`Playground::why_not`]
//! about every Rust block, given the whole program the block compiles to (the file a
//! `{{#rustdoc_include}}` brings in, hidden lines included), and adds `noplayground` to the
//! blocks the playground cannot build. Chapters never write `noplayground` themselves.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::{Context, Result};

/// The crates the book's listings use that the playground offers too, with every feature the
/// book uses: its `compiler/base/Cargo.toml` gives `tokio` "full" and "test-util" (which
/// `start_paused` needs), and, since February 2026, `tokio-util` "full" (which has the "rt" of
/// `TaskTracker`; before, it had "codec" and "tracing" only). Every other crate a `code/*` crate
/// depends on, and every `code/*` crate itself, counts as one the playground lacks.
pub const OFFERED: &[&str] = &["tokio", "tokio_util", "rayon"];

/// What the playground cannot give a block, beyond a missing crate.
const LOCAL_ONLY: &[(&str, &str)] = &[
    (
        "/proc/",
        "reads /proc, which describes the reader's machine, not the playground's",
    ),
    ("#[path", "includes a source file of its chapter's crate"),
];

pub struct Playground {
    /// Crate names as code writes them (`lab_server`, `loom`, `ch02_creating_threads`).
    missing: BTreeSet<String>,
}

impl Playground {
    /// The crates the playground lacks, read from the `Cargo.toml` of every crate under `code/`.
    pub fn for_repository(root: &Path) -> Result<Playground> {
        let mut missing = BTreeSet::new();
        let code = root.join("code");
        for entry in
            std::fs::read_dir(&code).with_context(|| code.display().to_string())?
        {
            let manifest = entry?.path().join("Cargo.toml");
            let Ok(text) = std::fs::read_to_string(&manifest) else {
                continue;
            };
            let toml: toml::Table = toml::from_str(&text)
                .with_context(|| format!("reading {}", manifest.display()))?;
            let package = toml.get("package").and_then(|p| p.get("name"));
            let dependencies = ["dependencies", "dev-dependencies"]
                .iter()
                .filter_map(|table| toml.get(*table).and_then(toml::Value::as_table))
                .flat_map(|table| table.keys());
            for name in package
                .and_then(toml::Value::as_str)
                .into_iter()
                .chain(dependencies.map(String::as_str))
            {
                let name = name.replace('-', "_");
                if !OFFERED.contains(&name.as_str()) {
                    missing.insert(name);
                }
            }
        }
        Ok(Playground { missing })
    }

    /// Why the playground cannot build `program`, or None if it can.
    pub fn why_not(&self, program: &str) -> Option<String> {
        if let Some(name) = self.missing.iter().find(|name| uses_crate(program, name)) {
            return Some(format!("uses `{name}`, which the playground does not have"));
        }
        if let Some((_, reason)) = LOCAL_ONLY
            .iter()
            .find(|(needle, _)| program.contains(needle))
        {
            return Some((*reason).into());
        }
        if program.lines().any(is_file_module) {
            return Some(
                "declares a module in another file of its chapter's crate".into(),
            );
        }
        None
    }
}

/// Whether `code` names the crate `name` as a path's first segment (`name::x`, `use name;`,
/// `extern crate name`), not as the tail of another path or identifier.
fn uses_crate(code: &str, name: &str) -> bool {
    code.match_indices(name).any(|(at, _)| {
        let before = &code[..at];
        let after = &code[at + name.len()..];
        let starts_a_path =
            !before.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':');
        let ends_the_name = after.starts_with("::")
            || after.trim_start().starts_with(';') && before.trim_end().ends_with("use")
            || before.trim_end().ends_with("extern crate");
        starts_a_path && ends_the_name
    })
}

/// `mod name;` (a module whose body is another file), as opposed to `mod name { ... }`.
fn is_file_module(line: &str) -> bool {
    let line = line.trim_start().trim_start_matches("# ");
    let line = line.strip_prefix("pub ").unwrap_or(line);
    line.strip_prefix("mod ").is_some_and(|rest| {
        let rest = rest.trim_end();
        rest.ends_with(';')
            && rest[..rest.len() - 1]
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn playground() -> Playground {
        Playground::for_repository(&crate::root()).unwrap()
    }

    #[test]
    fn std_and_the_offered_crates_play_and_the_books_own_crates_do_not() {
        let p = playground();
        assert_eq!(
            p.why_not("use std::thread;\nfn main() { thread::spawn(|| {}); }"),
            None
        );
        assert_eq!(p.why_not("#[tokio::main]\nasync fn main() {}"), None);
        assert_eq!(p.why_not("fn main() { rayon::join(|| 1, || 2); }"), None);
        assert_eq!(
            p.why_not("use tokio_util::task::TaskTracker;\nfn main() {}"),
            None
        );
        for program in [
            "fn main() { println!(\"{}\", lab_server::machine()); }",
            "# use lab_server::LabServer;\nfn main() {}",
            "use loom::sync::Arc;\nfn main() {}",
            "extern crate plotters;\nfn main() {}",
            "fn main() { ch02_creating_threads::x(); }",
        ] {
            let why = p.why_not(program);
            assert!(
                why.as_deref().is_some_and(|w| w.contains("does not have")),
                "{program}: {why:?}"
            );
        }
    }

    #[test]
    fn a_crate_name_inside_another_path_or_word_is_not_a_use_of_it() {
        let p = playground();
        assert_eq!(
            p.why_not("use std::sync::mpsc::loom_like;\nfn main() {}"),
            None
        );
        assert_eq!(
            p.why_not("fn main() { let my_lab_server = 1; let _ = my_lab_server; }"),
            None
        );
        assert_eq!(p.why_not("fn main() { x::lab_server::y(); }"), None);
    }

    #[test]
    fn proc_and_chapter_local_files_do_not_play() {
        let p = playground();
        let proc =
            p.why_not("fn main() { std::fs::read_to_string(\"/proc/self/status\"); }");
        assert!(proc.unwrap().contains("/proc"));
        assert!(p.why_not("mod common;\nfn main() {}").is_some());
        assert!(p.why_not("# pub mod common;\nfn main() {}").is_some());
        assert!(
            p.why_not("#[path = \"x.rs\"] mod x;\nfn main() {}")
                .is_some()
        );
        assert_eq!(
            p.why_not("mod inline { pub fn f() {} }\nfn main() { inline::f(); }"),
            None
        );
    }

    #[test]
    fn the_repository_has_crates_the_playground_lacks() {
        let p = playground();
        for name in [
            "lab_server",
            "loom",
            "listing_check",
            "ch02_creating_threads",
        ] {
            assert!(p.missing.contains(name), "{name} not in {:?}", p.missing);
        }
        for name in OFFERED {
            assert!(!p.missing.contains(*name));
        }
    }

    /// The Rust blocks of a rendered page: whether mdBook made it a playground (`<pre
    /// class="playground">`, the block book.js gives the run button) and the program it holds.
    fn rendered_rust_blocks(html: &str) -> Vec<(bool, String)> {
        let block = regex::Regex::new(
            r#"(?s)<pre([^>]*)><code class="([^"]*)">(.*?)</code></pre>"#,
        )
        .unwrap();
        let tag = regex::Regex::new(r"<[^>]+>").unwrap();
        block
            .captures_iter(html)
            .filter(|c| c[2].split(' ').any(|class| class == "language-rust"))
            .map(|c| {
                let text = tag
                    .replace_all(&c[3], "")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&");
                (c[1].contains("playground"), text)
            })
            .collect()
    }

    #[test]
    fn in_the_rendered_book_exactly_the_blocks_the_playground_can_build_have_its_button()
    {
        let root = crate::root();
        let mut book = crate::book::load(&root).unwrap();
        let out = tempfile::tempdir().unwrap();
        book.config.build.build_dir = out.path().to_path_buf();
        book.build().unwrap();
        let dir = book.build_dir_for("html");
        let p = playground();
        let (mut playable, mut not, mut wrong) = (0, 0, Vec::new());
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".html")
                || ["print.html", "toc.html"].contains(&name.as_str())
            {
                continue;
            }
            let html = std::fs::read_to_string(&path).unwrap();
            // The published book has no Run button (book.rs adds it for `cargo xtask serve`).
            assert!(
                !html.contains("run-listing.js"),
                "{name} has the Run button's script"
            );
            for (has_button, program) in rendered_rust_blocks(&html) {
                let why_not = p.why_not(&program);
                if has_button != why_not.is_none() {
                    let first =
                        program.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                    wrong.push(format!(
                        "{name}: `{first}`: button {has_button}, {why_not:?}"
                    ));
                }
                if why_not.is_none() {
                    playable += 1
                } else {
                    not += 1
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "blocks whose button is wrong:\n{}",
            wrong.join("\n")
        );
        // Both kinds exist: the test could not pass by finding no block at all.
        assert!(playable > 10 && not > 10, "{playable} playable, {not} not");
    }
}
