use listing_check::{combined_of, run_listing_combined};

const BINS: &[(&str, &str)] = listing_check::bins![
    "deadlock-opposite-order",
    "deadlock-lock-ordering",
    "starvation-greedy",
    "starvation-ticket-lock",
    "livelock-polite",
    "livelock-random-backoff",
    "lost-update-by-size",
    "named-thread-panic",
    "solution-dining-philosophers",
    "solution-lock-two-by-address",
];

/// Every listing of this chapter must finish on its own: `listing_check` kills it after its
/// time limit and fails the test.
#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), BINS);
}

#[test]
fn opposite_order_deadlocks_every_run_and_is_detected() {
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_deadlock-opposite-order"), &[]);
        assert_eq!(out.matches("deadlock detected").count(), 2, "{out}");
    }
}

#[test]
fn one_lock_order_never_deadlocks() {
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_deadlock-lock-ordering"), &["20000"]);
        assert!(out.contains("deadlocks detected: 0"), "{out}");
        assert!(out.contains("knives = 10, forks = 10"), "{out}");
    }
}

fn waits(out: &str) -> Vec<u64> {
    let line = out
        .lines()
        .find(|l| l.contains("wait by wait"))
        .expect("result line");
    let list = line.split('[').nth(1).unwrap().trim_end_matches(']');
    list.split(", ").map(|n| n.parse().unwrap()).collect()
}

#[test]
fn the_greedy_thread_is_bounded_by_its_cap() {
    // Timing decides how long the polite thread waits; the test checks only what must hold.
    for cap in ["200000", "50"] {
        let out = combined_of(env!("CARGO_BIN_EXE_starvation-greedy"), &[cap]);
        let waits = waits(&out);
        assert_eq!(waits.len(), 5, "{out}");
        let cap: u64 = cap.parse().unwrap();
        assert!(waits.iter().sum::<u64>() <= cap, "{out}");
    }
}

#[test]
fn the_ticket_lock_serves_the_polite_thread_within_one_turn() {
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_starvation-ticket-lock"), &[]);
        let waits = waits(&out);
        assert_eq!(waits.len(), 5, "{out}");
        assert!(waits.iter().all(|&w| w <= 1), "{out}");
    }
}

#[test]
fn polite_threads_in_lock_step_never_progress() {
    let out = combined_of(env!("CARGO_BIN_EXE_livelock-polite"), &[]);
    assert_eq!(
        out.matches("gave up after 50 rounds, no progress").count(),
        2,
        "{out}"
    );
}

#[test]
fn random_backoff_finishes_for_every_seed_tried() {
    for seed in 0..40 {
        let seed = seed.to_string();
        let out = combined_of(env!("CARGO_BIN_EXE_livelock-random-backoff"), &[&seed]);
        assert_eq!(
            out.matches("got both locks in round").count(),
            2,
            "seed {seed}: {out}"
        );
        assert!(!out.contains("gave up"), "seed {seed}: {out}");
        for line in out.lines() {
            let round: u32 = line.rsplit(' ').next().unwrap().parse().unwrap();
            assert!(round <= 25, "seed {seed}: not within half the cap: {out}");
        }
    }
}

#[test]
fn bad_arguments_are_usage_errors() {
    for (bin, arg) in [
        (env!("CARGO_BIN_EXE_livelock-random-backoff"), "x"),
        (env!("CARGO_BIN_EXE_starvation-greedy"), "0"),
        (env!("CARGO_BIN_EXE_deadlock-lock-ordering"), "many"),
        (env!("CARGO_BIN_EXE_lost-update-by-size"), "-5"),
        (env!("CARGO_BIN_EXE_solution-dining-philosophers"), "lots"),
    ] {
        let run = run_listing_combined(bin, &[arg]);
        assert_eq!(run.exit_code(), Some(2), "{bin} {arg}: {}", run.combined);
        assert!(run.combined.starts_with("error: "), "{}", run.combined);
        assert!(!run.combined.contains("panicked"), "{}", run.combined);
    }
}

#[test]
fn lost_updates_never_add_and_show_at_large_sizes() {
    // Nothing is ever counted twice: "lost" can never be negative (it would underflow).
    let out = combined_of(env!("CARGO_BIN_EXE_lost-update-by-size"), &["10", "1000"]);
    assert_eq!(out.lines().count(), 2, "{out}");
    // At a large size the race shows up in practice. Whether it does in a given run depends
    // on the scheduler, so the test allows several attempts before it calls the demo broken.
    let showed = (0..5).any(|_| {
        let out = combined_of(env!("CARGO_BIN_EXE_lost-update-by-size"), &["2000000"]);
        !out.contains("lost in  0 of 10 runs")
    });
    assert!(
        showed,
        "2,000,000 increments per thread never lost an update in 5 × 10 runs"
    );
}

#[test]
fn a_named_thread_is_named_in_its_panic_message() {
    let out = combined_of(env!("CARGO_BIN_EXE_named-thread-panic"), &[]);
    assert!(out.contains("thread 'orders-us'"), "{out}");
    assert!(out.contains("attempt to divide by zero"), "{out}");
    assert!(out.contains("orders-eu: total 95"), "{out}");
    assert!(out.contains("orders-us: panicked"), "{out}");
}

#[test]
fn solution_dining_philosophers_never_deadlocks() {
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_solution-dining-philosophers"), &[]);
        assert!(out.contains("deadlocks detected: 0"), "{out}");
        assert!(
            out.contains("fork uses: 20000 (two per meal: 20000)"),
            "{out}"
        );
    }
}

#[test]
fn solution_lock_two_by_address_finishes_with_balances_intact() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-lock-two-by-address"), &[]);
    assert!(out.contains("savings = 500, checking = 500"), "{out}");
}
