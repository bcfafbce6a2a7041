use listing_check::{combined_of, run_listing_combined};

const BINS: &[(&str, &str)] = listing_check::bins![
    "bank-race",
    "bank-locked",
    "counter-lost-updates",
    "counter-mutex",
    "counter-fetch-add",
    "counter-cost",
    "pool-counter-lock",
    "interior-mutability",
    "send-not-sync",
    "arc-to-thread",
    "solution-counter-compare-exchange",
    "solution-atomic-withdraw",
];

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), BINS);
}

#[test]
fn bank_race_overdraws_on_every_run() {
    for _ in 0..10 {
        let out = combined_of(env!("CARGO_BIN_EXE_bank-race"), &[]);
        assert_eq!(out.matches("approved").count(), 2, "{out}");
        assert!(!out.contains("declined"), "{out}");
        assert!(out.ends_with("final balance: -100\n"), "{out}");
    }
}

#[test]
fn bank_locked_approves_exactly_one_withdrawal() {
    for _ in 0..5 {
        let out = combined_of(env!("CARGO_BIN_EXE_bank-locked"), &[]);
        assert_eq!(out.matches("approved").count(), 1, "{out}");
        assert!(out.contains("$500: declined"), "{out}");
        assert!(out.ends_with("final balance: 400\n"), "{out}");
    }
}

#[test]
fn lost_updates_never_exceed_the_expected_count() {
    let out = combined_of(env!("CARGO_BIN_EXE_counter-lost-updates"), &[]);
    let rounds: Vec<&str> = out.lines().collect();
    assert_eq!(rounds.len(), 5, "{out}");
    for line in rounds {
        let words: Vec<&str> = line.split_whitespace().collect();
        // round N: counter C, lost L of 200000
        let counter: u64 = words[3].trim_end_matches(',').parse().unwrap();
        let lost: u64 = words[5].parse().unwrap();
        assert!(counter <= 200_000, "{line}");
        assert_eq!(counter + lost, 200_000, "{line}");
    }
}

#[test]
fn mutex_and_fetch_add_always_count_to_200000() {
    for _ in 0..5 {
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_counter-mutex"), &[]),
            "counter: 200000\n"
        );
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_counter-fetch-add"), &[]),
            "counter: 200000\n"
        );
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_solution-counter-compare-exchange"), &[]),
            "counter: 200000\n"
        );
    }
}

#[test]
fn counter_cost_counts_every_increment_in_every_way() {
    let out = combined_of(env!("CARGO_BIN_EXE_counter-cost"), &[]);
    assert!(out.starts_with("machine: "), "{out}");
    let times = out.lines().filter(|line| line.ends_with(" ms")).count();
    assert_eq!(times, 3, "{out}");
    assert!(out.ends_with("every total 200000: true\n"), "{out}");
}

#[test]
fn counter_cost_rejects_a_bad_size_in_one_line() {
    for bad in ["0", "ten", "-5"] {
        let run = run_listing_combined(env!("CARGO_BIN_EXE_counter-cost"), &[bad]);
        assert_eq!(run.exit_code(), Some(2), "{bad}: {}", run.combined);
        assert_eq!(run.combined.lines().count(), 1, "{bad}: {}", run.combined);
        assert!(
            run.combined.starts_with("error: "),
            "{bad}: {}",
            run.combined
        );
    }
}

#[test]
fn a_hundred_tasks_under_a_lock_count_to_100() {
    for _ in 0..5 {
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_pool-counter-lock"), &[]),
            "final counter: 100\n"
        );
    }
}

#[test]
fn atomic_withdraw_approves_exactly_three() {
    for _ in 0..5 {
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_solution-atomic-withdraw"), &[]),
            "approved: 3 of 10 withdrawals of $300\nfinal balance: 100\n"
        );
    }
}
