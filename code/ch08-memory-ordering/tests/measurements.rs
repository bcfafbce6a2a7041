//! The chapter's hardware measurements: each test checks what is guaranteed (the shape of
//! the output, an outcome the memory model forbids), never a timing or a count that varies.

use listing_check::{run_listing, stdout_of};

/// The four outcome counts of one ordering's row of store-buffering's table.
fn outcomes(out: &str, ordering: &str) -> [u64; 4] {
    let line = out
        .lines()
        .find(|l| l.starts_with(&format!("{ordering} ")))
        .unwrap_or_else(|| panic!("no {ordering} row:\n{out}"));
    let numbers: Vec<u64> = line[ordering.len()..]
        .split_whitespace()
        .take(4)
        .map(|n| n.parse().unwrap_or_else(|_| panic!("{line}")))
        .collect();
    numbers.try_into().unwrap()
}

#[test]
fn store_buffering_never_shows_both_zero_under_seqcst() {
    let trials = 100_000;
    let out = stdout_of(
        env!("CARGO_BIN_EXE_store-buffering"),
        &[&trials.to_string()],
    );
    assert!(out.starts_with("machine: "), "{out}");
    for ordering in ["Relaxed", "Release/Acquire", "SeqCst"] {
        let counts = outcomes(&out, ordering);
        assert_eq!(counts.iter().sum::<u64>(), trials, "{ordering}:\n{out}");
    }
    // The one count the memory model pins down: with SeqCst on all four accesses, one of the
    // two stores comes first in the single total order, so the later load sees it.
    assert_eq!(outcomes(&out, "SeqCst")[0], 0, "{out}");
}

#[test]
fn spin_vs_park_prints_both_waiters_with_wall_and_cpu_time() {
    let out = stdout_of(env!("CARGO_BIN_EXE_spin-vs-park"), &["20"]);
    assert!(out.starts_with("machine: "), "{out}");
    for row in ["spinning (spin_loop)", "parked (thread::park)"] {
        let line = out
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("no row {row}:\n{out}"));
        assert_eq!(line.matches(" ms").count(), 2, "{line}");
        assert!(line.ends_with(" %"), "{line}");
    }
}

#[test]
fn false_sharing_prints_both_layouts_and_the_ratio() {
    let out = stdout_of(env!("CARGO_BIN_EXE_false-sharing"), &["100000"]);
    assert!(out.starts_with("machine: "), "{out}");
    assert!(out.contains("counters on one cache line"), "{out}");
    assert!(out.contains("counters padded to 128 bytes"), "{out}");
    assert!(out.contains("one line / padded: "), "{out}");
}

#[test]
fn the_measurements_reject_bad_sizes_in_one_line() {
    for (bin, bad) in [
        (env!("CARGO_BIN_EXE_store-buffering"), "0"),
        (env!("CARGO_BIN_EXE_store-buffering"), "lots"),
        (env!("CARGO_BIN_EXE_spin-vs-park"), "301"),
        (env!("CARGO_BIN_EXE_spin-vs-park"), "x"),
        (env!("CARGO_BIN_EXE_false-sharing"), "0"),
    ] {
        let output = run_listing(bin, &[bad]);
        assert_eq!(output.code(), Some(2), "{bin} {bad}: {output:?}");
        assert_eq!(
            output.stderr.lines().count(),
            1,
            "{bin} {bad}: {}",
            output.stderr
        );
        assert!(output.stdout.is_empty(), "{bin} {bad}: {}", output.stdout);
    }
}
