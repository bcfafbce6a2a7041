use listing_check::{combined_of, run_listing_combined};

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "sleep-workload",
            "cpu-workload",
            "shared-readings",
            "scoped-chunks",
            "solution-count-primes",
            "solution-scoped-scale",
            "solution-thread-sweep",
        ],
    );
}

/// The table row that starts with `label`, split into its columns.
fn row<'a>(out: &'a str, label: &str) -> Vec<&'a str> {
    let line = out
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no row `{label}` in:\n{out}"));
    line[label.len()..].split_whitespace().collect()
}

fn assert_names_the_machine(out: &str) {
    let machine = out.lines().next().unwrap();
    assert!(
        machine.starts_with("machine: ") && machine.contains("logical CPUs"),
        "{out}"
    );
}

#[test]
fn sleep_workload_prints_its_table() {
    let out = combined_of(env!("CARGO_BIN_EXE_sleep-workload"), &["20"]);
    assert_names_the_machine(&out);
    for label in [
        "1 thread, 1 unit",
        "1 thread, 2 units one after the other",
        "2 threads, 1 unit each",
    ] {
        let cols = row(&out, label);
        assert_eq!(cols[1], "ms", "{out}");
        assert!(cols[2].ends_with('x'), "{out}");
    }
    assert_eq!(row(&out, "1 thread, 1 unit")[2], "1.00x");
}

#[test]
fn cpu_workload_every_variant_computes_the_same_checksum() {
    let out = combined_of(env!("CARGO_BIN_EXE_cpu-workload"), &["1"]);
    assert_names_the_machine(&out);
    for label in [
        "1 thread, 1 unit",
        "1 thread, 2 units one after the other",
        "2 threads, 1 unit each",
        "rayon, 1 unit split across the pool",
    ] {
        let cols = row(&out, label);
        assert_eq!(cols[1], "s", "{out}");
        assert!(cols[2].ends_with('x'), "{out}");
    }
    assert_eq!(row(&out, "1 thread, 1 unit")[2], "1.00x");
    // The same checksum, computed here without threads: every variant did the whole unit.
    let expected = (0..1_000_000u64).fold(0u64, |sum, i| {
        sum.wrapping_add((i ^ (i >> 7)).wrapping_mul(0x9E37_79B9_7F4A_7C15))
    });
    let last = format!("checksum of every unit: {expected:016x}, all equal: true\n");
    assert!(out.ends_with(&last), "{out}");
}

#[test]
fn thread_sweep_prints_one_row_per_thread_count() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-thread-sweep"), &["1"]);
    assert_names_the_machine(&out);
    let counts: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with(char::is_numeric))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(counts, ["1", "2", "4", "8"], "{out}");
}

#[test]
fn parallel_results_equal_sequential_ones() {
    let out = combined_of(env!("CARGO_BIN_EXE_shared-readings"), &[]);
    assert!(
        out.contains("parallel results equal sequential ones: true"),
        "{out}"
    );
    let out = combined_of(env!("CARGO_BIN_EXE_scoped-chunks"), &[]);
    assert_eq!(out.lines().filter(|l| l.starts_with("thread ")).count(), 4);
    assert!(out.contains("equal: true"), "{out}");
    let out = combined_of(env!("CARGO_BIN_EXE_solution-scoped-scale"), &[]);
    assert!(
        out.ends_with("equal to one thread's result: true\n"),
        "{out}"
    );
}

#[test]
fn count_primes_agrees_and_knows_the_known_count() {
    // There are 9592 primes below 100,000 and 25 below 100.
    let out = combined_of(env!("CARGO_BIN_EXE_solution-count-primes"), &[]);
    assert!(
        out.starts_with("primes below 100000: 9592 (iter), 9592 (par_iter)\n"),
        "{out}"
    );
    let out = combined_of(env!("CARGO_BIN_EXE_solution-count-primes"), &["100"]);
    assert!(
        out.starts_with("primes below 100: 25 (iter), 25 (par_iter)\n"),
        "{out}"
    );
}

#[test]
fn bad_arguments_are_a_one_line_error_and_exit_code_2() {
    for bin in [
        env!("CARGO_BIN_EXE_sleep-workload"),
        env!("CARGO_BIN_EXE_cpu-workload"),
        env!("CARGO_BIN_EXE_solution-thread-sweep"),
        env!("CARGO_BIN_EXE_solution-count-primes"),
    ] {
        for bad in ["abc", "0", "-5", "1000000000"] {
            let run = run_listing_combined(bin, &[bad]);
            assert_eq!(run.exit_code(), Some(2), "{bin} {bad}: {}", run.combined);
            assert_eq!(
                run.combined.lines().count(),
                1,
                "{bin} {bad}: {}",
                run.combined
            );
            assert!(
                run.combined.starts_with("error: "),
                "{bin} {bad}: {}",
                run.combined
            );
        }
    }
}
