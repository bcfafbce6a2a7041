use listing_check::combined_of;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "channel-pool",
            "rayon-pool",
            "ordered-map",
            "map-panic",
            "submit-futures",
            "pool-shutdown",
            "future-api",
            "solution-lock-counter",
            "solution-pool-map",
        ],
    );
}

/// The panic inside `collect` reaches main, and `collect` hands back no partial results.
#[test]
fn map_panic_resumes_in_the_caller() {
    let out = combined_of(env!("CARGO_BIN_EXE_map-panic"), &[]);
    assert!(out.contains("panicked at"), "{out}");
    assert!(out.contains("attempt to divide by zero"), "{out}");
    assert!(!out.contains("collect returned"), "{out}");
    let after = out.find("after collect").expect("main went on");
    let caught = out
        .find("the panic reached main: attempt to divide by zero")
        .unwrap();
    assert!(after < caught, "{out}");
}

/// Each Future counterpart prints what the chapter says, in this order.
#[test]
fn future_api_counterparts_all_run() {
    let out = combined_of(env!("CARGO_BIN_EXE_future-api"), &[]);
    let expected = [
        "before the go signal: false",
        "after the go signal:  true",
        "join: Some(1.5)",
        "within 50 ms: timed out",
        "within 5 s: Ok(5.0)",
        "exception: attempt to divide by zero",
        // A callback added while the job runs runs on the job's thread when it ends ...
        "callback on job-1: result 3",
        "job-1 has finished; adding a second callback",
        // ... one added after the job finished runs at once, on the caller's thread.
        "callback on main: result 3",
        "callback on job-2: failed with \"attempt to divide by zero\"",
    ];
    let mut from = 0;
    for line in expected {
        let at = out[from..]
            .find(line)
            .unwrap_or_else(|| panic!("missing {line:?} in\n{out}"));
        from += at + line.len();
    }
}

/// Every callback runs exactly once, whether it was added before or after the job finished.
#[test]
fn each_done_callback_runs_exactly_once() {
    for _ in 0..5 {
        let out = combined_of(env!("CARGO_BIN_EXE_future-api"), &[]);
        assert_eq!(out.matches("callback on ").count(), 3, "{out}");
        assert_eq!(out.matches("callback on main: ").count(), 1, "{out}");
    }
}

/// Cancelling: the two running jobs finish, the four queued ones never start. The listing
/// holds the running jobs at a gate until the cancel has happened, so this holds every run.
#[test]
fn queued_jobs_are_cancelled_and_running_ones_finish() {
    for _ in 0..5 {
        let out = combined_of(env!("CARGO_BIN_EXE_pool-shutdown"), &[]);
        assert!(out.contains("job 0: finished, returned 0"), "{out}");
        assert!(out.contains("job 1: finished, returned 10"), "{out}");
        for job in 2..6 {
            assert!(
                out.contains(&format!("job {job}: cancelled, never started")),
                "{out}"
            );
        }
        assert!(
            out.contains("jobs that started after the cancel: []"),
            "{out}"
        );
    }
}

/// The seed's pattern, exactly: one outcome per submitted job, in submission order.
#[test]
fn submit_reports_each_job() {
    let out = combined_of(env!("CARGO_BIN_EXE_submit-futures"), &[]);
    assert_eq!(out, "2.0\ndivision by zero\n5.0\n1.5\n");
}

#[test]
fn pool_map_keeps_input_order() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-pool-map"), &[]);
    let expected: String = [6u64, 5, 4, 3, 2, 1]
        .iter()
        .map(|n| format!("{n}^2 = {}\n", n * n))
        .collect();
    assert_eq!(out, expected);
}

#[test]
fn lock_counter_reaches_100() {
    for _ in 0..3 {
        assert_eq!(
            combined_of(env!("CARGO_BIN_EXE_solution-lock-counter"), &[]),
            "final counter: 100\n"
        );
    }
}
