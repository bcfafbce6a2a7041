//! The footers and the playground marks, on small chapters.
use super::*;

fn playground() -> Playground {
    Playground::for_repository(&crate::root()).unwrap()
}

#[test]
fn a_footer_follows_each_included_rust_listing_and_nothing_else() {
    let root = crate::root();
    let chapter = "Text.\n\n```rust\n{{#rustdoc_include ../code/ch02-creating-threads/src/bin/spawn-and-join.rs:main}}\n```\n\n```text\n{{#include ../code/ch02-creating-threads/output/spawn-and-join.txt}}\n```\n\n````md\n```rust\n{{#include ../code/x/src/bin/y.rs}}\n```\n````\n";
    let url = |p: &str| Some(format!("https://example.org/r/blob/main/{p}"));
    let out =
        add_footers(chapter, &root.join("book"), &root, &url, &playground()).unwrap();
    assert_eq!(out.matches("class=\"listing-footer\"").count(), 1, "{out}");
    assert!(out.contains(
        "<div class=\"listing-footer\" data-listing=\"ch02-creating-threads/spawn-and-join\"><code class=\"listing-command\" title=\"Run it from the repository root\">cargo run -p ch02-creating-threads --bin spawn-and-join</code>"
    ), "{out}");
    assert!(out.contains("href=\"https://example.org/r/blob/main/code/ch02-creating-threads/src/bin/spawn-and-join.rs\""), "{out}");
    // The footer is a block of its own after the closing fence.
    assert!(
        out.contains(":main}}\n```\n\n<div class=\"listing-footer\" "),
        "{out}"
    );
}

#[test]
fn a_compile_fail_source_gets_the_rustc_command() {
    let root = crate::root();
    let chapter = "```rust,compile_fail,E0373\n{{#rustdoc_include ../code/ch02-creating-threads/compile_fail/borrow-without-move.rs:main}}\n```\n";
    let out = add_footers(chapter, &root.join("book"), &root, &|_| None, &playground())
        .unwrap();
    assert!(out.contains(">rustc --edition 2024 code/ch02-creating-threads/compile_fail/borrow-without-move.rs</code></div>"), "{out}");
}

#[test]
fn noplayground_is_added_where_the_playground_cannot_build_the_whole_file() {
    let root = crate::root();
    let std_only = "```rust\nfn main() {}\n```\n";
    let out = add_footers(
        std_only,
        &root.join("book"),
        &root,
        &|_| None,
        &playground(),
    )
    .unwrap();
    assert_eq!(out, std_only);
    // The anchor shows no lab_server line; the rest of the file, hidden lines, has one.
    let copy = tempfile::tempdir().unwrap();
    let bin = copy.path().join("code/x/src/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(
        bin.join("y.rs"),
        "// ANCHOR: main\nfn main() {\n    println!(\"{}\", machine());\n}\n// ANCHOR_END: main\n\
         fn machine() -> String {\n    lab_server::machine()\n}\n",
    )
    .unwrap();
    let chapter =
        "```rust,buggy\n{{#rustdoc_include ../code/x/src/bin/y.rs:main}}\n```\n";
    let out = add_footers(
        chapter,
        &copy.path().join("book"),
        copy.path(),
        &|_| None,
        &playground(),
    )
    .unwrap();
    assert!(
        out.starts_with("```rust,buggy,noplayground\n{{#rustdoc_include"),
        "{out}"
    );
    assert!(out.contains("class=\"listing-command\""), "{out}");
}

#[test]
fn a_noplayground_written_in_a_chapter_is_refused() {
    let root = crate::root();
    let error = add_footers(
        "```rust,noplayground\nfn main() {}\n```\n",
        &root.join("book"),
        &root,
        &|_| None,
        &playground(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("remove `noplayground`"), "{error}");
}

#[test]
fn blocks_inside_a_longer_fence_are_left_alone() {
    let root = crate::root();
    let chapter =
        "````md\n```rust,noplayground\nfn main() { lab_server::x(); }\n```\n````\n";
    let out = add_footers(chapter, &root.join("book"), &root, &|_| None, &playground())
        .unwrap();
    assert_eq!(out, chapter);
}
