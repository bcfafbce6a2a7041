//! `cargo xtask new-chapter` scaffolds a chapter that passes the checks as it stands.
//! It runs in a copy of the repository, so the real book is never touched.

use std::path::Path;
use std::process::Command;

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == "target" || name == ".git" || name == "node_modules" {
            continue;
        }
        let (source, dest) = (entry.path(), to.join(&name));
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&source, &dest);
        } else {
            std::fs::copy(&source, &dest).unwrap();
        }
    }
}

fn xtask(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_scaffolded_chapter_passes_the_checks_and_its_own_tests() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let copy = tempfile::tempdir().unwrap();
    copy_tree(repo, copy.path());

    let made = xtask(
        copy.path(),
        &["new-chapter", "ch99-scaffold-check", "Scaffold check"],
    );
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let summary = std::fs::read_to_string(copy.path().join("book/SUMMARY.md")).unwrap();
    // The new chapter comes right after the last numbered chapter, before the appendix.
    let lines: Vec<&str> = summary.lines().collect();
    let entry = lines
        .iter()
        .position(|l| *l == "- [Scaffold check](ch99-scaffold-check.md)")
        .expect("SUMMARY.md lists the new chapter");
    assert!(entry > 0 && lines[entry - 1].contains("](ch"), "{summary}");
    assert!(
        !lines[entry + 1..].iter().any(|l| l.contains("](ch")),
        "{summary}"
    );
    assert!(
        lines[entry + 1..].iter().any(|l| l.contains("[Appendix")),
        "{summary}"
    );

    // The chapter expands with mdBook, its include and anchor resolve, its output is declared.
    let checked = xtask(copy.path(), &["check"]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    // The new crate's own test (which reruns the listing and compares the output file) passes.
    // A separate target directory: the new crate needs only small dependencies.
    let target = repo.join("target").join("scaffold-check");
    let tested = Command::new(env!("CARGO"))
        .args(["test", "--offline", "-q", "-p", "ch99-scaffold-check"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(
        tested.status.success(),
        "{}{}",
        String::from_utf8_lossy(&tested.stdout),
        String::from_utf8_lossy(&tested.stderr)
    );

    // What it wrote is already formatted as CI's `cargo fmt --all --check` wants it.
    let formatted = Command::new(env!("CARGO"))
        .args(["fmt", "--check", "-p", "ch99-scaffold-check"])
        .current_dir(copy.path())
        .output()
        .unwrap();
    assert!(
        formatted.status.success(),
        "the scaffold is not rustfmt-clean:\n{}",
        String::from_utf8_lossy(&formatted.stdout)
    );

    // A second scaffold with the same name is refused, and nothing is overwritten.
    let again = xtask(
        copy.path(),
        &["new-chapter", "ch99-scaffold-check", "Again"],
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
}

#[test]
fn a_bad_slug_is_a_one_line_error() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    // The second slug has a two-byte character where the chapter number goes.
    for slug in ["Not A Slug", "ché3-topic"] {
        let out = xtask(repo, &["new-chapter", slug, "Title"]);
        assert_eq!(out.status.code(), Some(1), "{slug}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{slug}: {stderr}");
    }
}
