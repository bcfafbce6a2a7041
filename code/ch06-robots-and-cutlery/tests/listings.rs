use listing_check::{combined_of, run_listing_combined};

const BINS: &[(&str, &str)] = listing_check::bins![
    "cutlery-race",
    "cutlery-mutex",
    "cutlery-actor",
    "solution-cutlery-fetch-add",
    "solution-short-kitchen",
];

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), BINS);
}

/// The (knives, forks) after service, one pair per line of output.
fn inventories(out: &str) -> Vec<(i64, i64)> {
    out.lines()
        .map(|line| {
            let after = line
                .split("after ")
                .nth(1)
                .unwrap_or_else(|| panic!("{line}"));
            let words: Vec<&str> = after.split_whitespace().collect();
            (words[0].parse().unwrap(), words[2].parse().unwrap())
        })
        .collect()
}

#[test]
fn the_racy_kitchen_only_ever_drifts_by_whole_sets() {
    // Whether it drifts depends on the schedule (tests/loom.rs proves that it can); what is
    // always true is that every lost update is a change of 4, and that the program finishes.
    let out = combined_of(
        env!("CARGO_BIN_EXE_cutlery-race"),
        &["100", "10000", "10000"],
    );
    let counts = inventories(&out);
    assert_eq!(counts.len(), 3, "{out}");
    for (knives, forks) in counts {
        assert_eq!((knives - 100) % 4, 0, "{out}");
        assert_eq!((forks - 100) % 4, 0, "{out}");
    }
}

#[test]
fn the_fixed_kitchens_are_intact_at_10000_tables() {
    for (bin, path) in listing_check::bins![
        "cutlery-mutex",
        "cutlery-actor",
        "solution-cutlery-fetch-add",
    ] {
        let out = combined_of(path, &["10000", "10000", "10000"]);
        assert_eq!(inventories(&out), vec![(100, 100); 3], "{bin}:\n{out}");
    }
}

#[test]
fn without_arguments_each_listing_serves_100_tables() {
    for (bin, path) in listing_check::bins![
        "cutlery-race",
        "cutlery-mutex",
        "cutlery-actor",
        "solution-cutlery-fetch-add",
    ] {
        let out = combined_of(path, &[]);
        assert!(out.starts_with("   100 tables:"), "{bin}:\n{out}");
    }
}

#[test]
fn bad_arguments_are_a_usage_error() {
    for (bin, path) in BINS {
        for bad in ["abc", "-5", "0"] {
            let run = run_listing_combined(path, &[bad]);
            assert_eq!(run.exit_code(), Some(2), "{bin} {bad}:\n{}", run.combined);
            assert!(
                run.combined.starts_with("usage: "),
                "{bin} {bad}:\n{}",
                run.combined
            );
            assert_eq!(
                run.combined.lines().count(),
                1,
                "{bin} {bad}:\n{}",
                run.combined
            );
        }
    }
}

#[test]
fn the_usage_error_is_the_one_the_book_shows() {
    let run = run_listing_combined(env!("CARGO_BIN_EXE_cutlery-race"), &["-5"]);
    assert_eq!(run.exit_code(), Some(2));
    assert_eq!(
        run.combined,
        "usage: cutlery-race [TABLES]... (each a positive whole number; default 100)\n"
    );
}

#[test]
fn the_short_kitchen_never_goes_below_zero() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-short-kitchen"), &["1000"]);
    assert!(
        out.contains("after service: 20 knives, 20 forks\n"),
        "{out}"
    );
    let lowest: i64 = out
        .lines()
        .find_map(|l| l.strip_prefix("fewest knives ever in the kitchen: "))
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(lowest, 8, "one table for twelve at a time:\n{out}");
}
