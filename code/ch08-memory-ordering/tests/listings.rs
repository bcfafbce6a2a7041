use listing_check::{run_listing, stdout_of};

const BINS: &[(&str, &str)] = listing_check::bins![
    "join-makes-visible",
    "mutex-and-channel-make-visible",
    "relaxed-counter",
    "publish-relaxed",
    "publish-release-acquire",
    "ticket-cas",
    "cas-spurious",
    "lazy-globals",
    "thread-local-scratch",
    "solution-fetch-max",
    "solution-fence-publication",
    "solution-thread-ids",
    "spin-lock",
    "one-shot",
    "minimal-arc",
    "store-buffering",
    "park-unpark",
    "spin-vs-park",
    "false-sharing",
    "solution-recv-timeout",
    "solution-arc-get-mut",
];

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), BINS);
}

#[test]
fn relaxed_increments_are_never_lost() {
    let out = stdout_of(env!("CARGO_BIN_EXE_relaxed-counter"), &["50000"]);
    assert_eq!(out.trim(), "4 threads x 50000 Relaxed increments: 200000");
}

/// The loom listings report what loom found: the Relaxed hand-off fails, with the model's own
/// message on stderr; the Release/Acquire one and the fenced one explore without a failure.
#[test]
fn loom_fails_the_relaxed_hand_off_and_passes_the_others() {
    let relaxed = run_listing(env!("CARGO_BIN_EXE_publish-relaxed"), &[]);
    let (stdout, stderr) = (&relaxed.stdout, &relaxed.stderr);
    assert!(stdout.contains("the model failed in execution"), "{stdout}");
    assert!(
        stderr.contains("the reader saw the flag but not the data"),
        "{stderr}"
    );
    for path in [
        env!("CARGO_BIN_EXE_publish-release-acquire"),
        env!("CARGO_BIN_EXE_solution-fence-publication"),
    ] {
        let out = stdout_of(path, &[]);
        assert!(out.contains("executions explored, no failure"), "{out}");
    }
}

#[test]
fn every_ticket_is_taken_exactly_once() {
    let out = stdout_of(env!("CARGO_BIN_EXE_ticket-cas"), &["2000"]);
    assert_eq!(
        out.trim(),
        "4 threads x 2000 tries for 4000 tickets: 4000 taken, each number once: true"
    );
}

/// The chapter says the standard library has Listing 8-7's loop ready-made as `try_update` (its
/// name in Rust 1.95; `fetch_update` before): two tickets, three tries, the third refused.
#[test]
fn try_update_is_the_ticket_loop_ready_made() {
    use std::sync::atomic::{AtomicU32, Ordering::Relaxed};
    let taken = AtomicU32::new(0);
    let limit = 2;
    let take = || taken.try_update(Relaxed, Relaxed, |n| (n < limit).then_some(n + 1));
    assert_eq!([take(), take(), take()], [Ok(0), Ok(1), Err(2)]);
}

#[test]
fn every_weak_exchange_ends_in_a_success() {
    // How many weak exchanges fail spuriously depends on the processor. What holds everywhere is
    // that the loop ends with every increment made. On x86-64 this cannot catch a missing retry
    // (`if` in place of `while`): there the weak exchange is `lock cmpxchg`, which never fails
    // spuriously, so the retry never runs. The test below pins that down.
    let out = stdout_of(env!("CARGO_BIN_EXE_cas-spurious"), &["1"]);
    assert!(out.starts_with("machine: "), "{out}");
    assert!(out.contains("final count: 1000000"), "{out}");
}

/// The chapter says a weak exchange never fails spuriously on x86-64: if one ever does here,
/// that sentence is wrong (and the retry path of Listing 8-8 runs after all).
#[cfg(target_arch = "x86_64")]
#[test]
fn a_weak_exchange_never_fails_spuriously_on_x86_64() {
    let out = stdout_of(env!("CARGO_BIN_EXE_cas-spurious"), &["1"]);
    assert!(out.contains("spurious failures: 0\n"), "{out}");
}

#[test]
fn measurement_rejects_a_bad_size() {
    let out = run_listing(env!("CARGO_BIN_EXE_cas-spurious"), &["lots"]);
    assert_eq!(out.code(), Some(2));
    assert!(out.stderr.starts_with("usage: cas-spurious"), "{out:?}");
}

#[test]
fn lazy_globals_are_built_and_set_once() {
    let out = stdout_of(env!("CARGO_BIN_EXE_lazy-globals"), &[]);
    assert!(out.contains("it was built 1 time(s)"), "{out}");
    assert!(out.contains("1 succeeded"), "{out}");
    assert!(out.contains("the same STARTED_BY: true"), "{out}");
}

#[test]
fn each_thread_has_its_own_scratch_buffer() {
    let out = stdout_of(env!("CARGO_BIN_EXE_thread-local-scratch"), &[]);
    assert!(out.contains("their buffers hold [10, 20, 30]"), "{out}");
    assert!(out.contains("main's buffer still holds 1"), "{out}");
}

#[test]
fn fetch_max_keeps_the_largest_offer() {
    let out = stdout_of(env!("CARGO_BIN_EXE_solution-fetch-max"), &["3000"]);
    assert_eq!(
        out.trim(),
        "4 threads offered every value below 12000; fetch_max kept 11999"
    );
}

#[test]
fn every_thread_gets_its_own_stable_id() {
    let out = stdout_of(env!("CARGO_BIN_EXE_solution-thread-ids"), &[]);
    assert!(out.contains("same answer both times: true"), "{out}");
    assert!(out.contains("distinct ids among the 9 threads: 9"), "{out}");
}
