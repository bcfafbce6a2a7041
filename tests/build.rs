//! Turns the book's chapters into tests, as the reader sees them.
//!
//! 1. Load the book with mdBook's own library and expand `{{#include}}` and
//!    `{{#rustdoc_include}}` with mdBook's own link preprocessor, so anchors and hidden `# `
//!    lines mean exactly what they mean on the rendered page.
//! 2. Check what mdBook only logs or silently accepts: a missing file, a missing `ANCHOR`, a line
//!    range instead of an anchor, an output block of a `varies` listing that is not labelled
//!    "one possible run"; and what the book's own rules add: a measured number typed in prose,
//!    a `{{#figure}}` that its output no longer matches, a claim the output does not support, a
//!    stale `book/external-links.txt` (`listing_check::chapters`). Each failure names the
//!    chapter and the line or path.
//! 3. Hand the expanded chapters to skeptic, which makes one test per Rust block; blocks marked
//!    `compile_fail,E....` become tests of their own that pass only when rustc rejects the block
//!    with that error code.
//!
//! Generated files are written only when their content changes, so a warm `cargo test` does not
//! rebuild everything.

use std::path::{Path, PathBuf};

use listing_check::chapters::{expand_chapters, split_compile_fail};

fn main() {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.parent().unwrap().to_path_buf();
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    for watched in ["book", "book.toml", "code"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    // The compile_fail tests and the edition wrapper call the same rustc that builds the book.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    println!("cargo:rustc-env=BOOK_RUSTC={rustc}");

    let chapters = match expand_chapters(&root) {
        Ok(chapters) => chapters,
        Err(problems) => fail(&problems),
    };

    let chapter_dir = out_dir.join("chapters");
    std::fs::create_dir_all(&chapter_dir).unwrap();
    let mut skeptic_inputs = Vec::new();
    let mut compile_fail_tests = String::new();
    let mut problems = Vec::new();
    for chapter in &chapters {
        let (for_skeptic, compile_fail) = split_compile_fail(chapter, &mut problems);
        let path = chapter_dir.join(&chapter.file_name);
        write_if_changed(&path, &for_skeptic);
        skeptic_inputs.push(path);
        compile_fail_tests.push_str(&compile_fail);
    }
    if !problems.is_empty() {
        fail(&problems);
    }

    skeptic::generate_doc_tests(&skeptic_inputs);
    // Route every snippet through this crate's runner (tests/book.rs), which makes skeptic
    // compile it as edition 2024 and says which chapter it came from when it fails.
    let generated = std::fs::read_to_string(out_dir.join("skeptic-tests.rs")).unwrap();
    // Each pattern must be there: a skeptic release that generates other code must fail the
    // build, not silently run the snippets with skeptic's own runner.
    for pattern in ["extern crate skeptic;\n", "skeptic::rt::run_test("] {
        assert!(
            generated.contains(pattern),
            "skeptic's generated tests no longer contain `{}`: update tests/build.rs",
            pattern.trim()
        );
    }
    let generated = generated
        .replace("extern crate skeptic;\n", "")
        .replace("skeptic::rt::run_test(", "crate::run_snippet(");
    assert!(
        !generated.contains("skeptic::rt::"),
        "skeptic's generated tests call a runner tests/build.rs does not route"
    );
    write_if_changed(&out_dir.join("snippet-tests.rs"), &generated);
    write_if_changed(&out_dir.join("compile-fail-tests.rs"), &compile_fail_tests);
}

fn fail(problems: &[String]) -> ! {
    // A build script's panic message is shown in full by cargo; one line per problem.
    panic!(
        "\n\nThe book's chapters have {} problem(s):\n  - {}\n",
        problems.len(),
        problems.join("\n  - ")
    );
}

fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(content) {
        std::fs::write(path, content)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
