use listing_check::{combined_of, run_listing_combined};

const BINS: &[(&str, &str)] = listing_check::bins![
    "mutex-guard-scope",
    "rwlock-readers",
    "lock-poisoning",
    "reentrant-self-deadlock",
    "transfer-lock-once",
    "semaphore-pool",
    "condvar-queue",
    "event-flag",
    "barrier-phases",
    "channel-work-queue",
    "atomic-counter-flag",
    "solution-semaphore-timeout",
    "solution-countdown-latch",
];

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(env!("CARGO_MANIFEST_DIR"), BINS);
}

#[test]
fn the_guard_releases_at_end_of_scope_and_on_drop() {
    let out = combined_of(env!("CARGO_BIN_EXE_mutex-guard-scope"), &[]);
    assert!(out.contains("inside the block, the lock is held"));
    assert!(out.contains("after the block, the lock is free"));
    assert!(out.contains("after drop, the lock is free"));
}

#[test]
fn many_readers_at_once_and_the_writer_waits() {
    let out = combined_of(env!("CARGO_BIN_EXE_rwlock-readers"), &[]);
    assert!(out.contains("3 readers hold the lock at the same time"));
    assert!(out.contains("a writer must wait: WouldBlock"));
}

#[test]
fn a_panic_poisons_the_lock_and_the_data_can_be_recovered() {
    let out = combined_of(env!("CARGO_BIN_EXE_lock-poisoning"), &[]);
    assert!(
        out.contains("thread 'restocker'"),
        "the panic names the thread:\n{out}"
    );
    assert!(out.contains("restocker finished with a panic: true"));
    assert!(out.contains("is the mutex poisoned? true"));
    assert!(out.contains("lock returned PoisonError; the data inside: [10, 20, 30, 40]"));
    assert!(out.contains("after clear_poison: [10, 20, 30, 40]"));
}

#[test]
fn relocking_a_std_mutex_is_detected_not_hung() {
    let out = combined_of(env!("CARGO_BIN_EXE_reentrant-self-deadlock"), &[]);
    assert!(out.contains("withdraw: the lock is already held (WouldBlock)"));
    assert!(out.contains("alice = 100, bob = 0"));
}

#[test]
fn transfers_in_both_directions_are_atomic_and_never_deadlock() {
    // Run it several times: ordered locking must finish every time, with the total intact.
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_transfer-lock-once"), &[]);
        assert!(
            out.contains("the auditor saw a total other than 2000 0 times"),
            "{out}"
        );
        assert!(out.contains("a = 1000, b = 1000"), "{out}");
    }
}

fn most_in_use(out: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.contains("at most"))
        .expect("summary line");
    let after = line.split("at most ").nth(1).unwrap();
    after.split_whitespace().next().unwrap().parse().unwrap()
}

#[test]
fn the_semaphore_never_admits_more_than_n() {
    for _ in 0..3 {
        let out = combined_of(env!("CARGO_BIN_EXE_semaphore-pool"), &[]);
        assert!(most_in_use(&out) <= 3, "{out}");
        for line in out.lines().filter(|l| l.contains("got a connection")) {
            let n: usize = line
                .split('(')
                .nth(1)
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=3).contains(&n), "{line}");
        }
        assert_eq!(out.matches("got a connection").count(), 8);
    }
}

#[test]
fn the_semaphore_fills_up_given_enough_threads_and_a_hold() {
    // 12 workers, 3 permits, 200 ms per hold: the first three holders overlap for 200 ms.
    let out = combined_of(env!("CARGO_BIN_EXE_semaphore-pool"), &["12", "3", "200"]);
    assert_eq!(most_in_use(&out), 3, "{out}");
    let out = combined_of(env!("CARGO_BIN_EXE_semaphore-pool"), &["6", "1", "5"]);
    assert_eq!(most_in_use(&out), 1, "{out}");
}

#[test]
fn bad_arguments_are_a_usage_error() {
    for args in [&["zero"][..], &["0"], &["1", "2", "3", "4"]] {
        let run = run_listing_combined(env!("CARGO_BIN_EXE_semaphore-pool"), args);
        assert_eq!(run.exit_code(), Some(2), "{args:?}: {}", run.combined);
        assert!(run.combined.starts_with("error: "), "{}", run.combined);
        assert!(!run.combined.contains("panicked"));
    }
}

#[test]
fn the_consumer_gets_every_item_in_order() {
    let out = combined_of(env!("CARGO_BIN_EXE_condvar-queue"), &[]);
    assert!(out.contains("consumed 5 items in order: [10, 20, 30, 40, 50]"));
    assert!(!out.contains("giving up"));
}

#[test]
fn every_waiter_wakes_when_the_event_is_set() {
    let out = combined_of(env!("CARGO_BIN_EXE_event-flag"), &[]);
    assert_eq!(out.matches("event set, going on").count(), 3);
    assert!(out.contains("late waiter: true"));
}

#[test]
fn no_thread_passes_the_barrier_before_all_arrive() {
    for _ in 0..5 {
        let out = combined_of(env!("CARGO_BIN_EXE_barrier-phases"), &[]);
        assert!(
            out.contains("each worker counted arrivals: [4, 4, 4, 4]"),
            "{out}"
        );
        assert_eq!(out.matches("the barrier's leader").count(), 1);
    }
}

#[test]
fn the_bounded_channel_pushes_back_and_every_job_runs_once() {
    let out = combined_of(env!("CARGO_BIN_EXE_channel-work-queue"), &[]);
    assert!(out.contains("job 3: queue full, a sender would wait"));
    assert!(out.contains("job 3 again: Ok(())"));
    assert!(out.contains("100 jobs sent, 100 processed exactly once"));
}

#[test]
fn the_atomic_counter_loses_nothing() {
    let out = combined_of(env!("CARGO_BIN_EXE_atomic-counter-flag"), &[]);
    assert!(out.contains("hits = 100000"));
    assert!(out.contains("the watcher saw the stop flag and returned"));
}

#[test]
fn solution_semaphore_timeout() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-semaphore-timeout"), &[]);
    assert!(out.contains("first: true, second: true"));
    assert!(out.contains("third, with both permits held: false"));
    assert!(out.contains("fourth, after a permit came back: true"));
}

#[test]
fn solution_countdown_latch() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-countdown-latch"), &[]);
    assert!(out.contains("main woke with 0 missing and 5 of 5 finished"));
}
