use listing_check::run_listing_combined;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "process-worker",
            "solution-threads-or-tasks",
            "solution-crash-isolation",
            "solution-choose-per-activity",
        ],
    );
}

/// Listing 13-1: the child answers from another process, and its memory is its own.
#[test]
fn the_child_runs_in_its_own_process_and_memory() {
    let out = run_listing_combined(env!("CARGO_BIN_EXE_process-worker"), &[]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.combined);
    assert!(
        out.combined.contains("add up to 333833500"),
        "{}",
        out.combined
    );
    assert!(
        out.combined.contains("another process: true"),
        "{}",
        out.combined
    );
    assert!(
        out.combined.contains("reached the parent: false"),
        "{}",
        out.combined
    );
}

/// Exercise 13-2: every count gets a row with both timings.
#[test]
fn threads_and_tasks_both_finish_every_count() {
    let out = run_listing_combined(
        env!("CARGO_BIN_EXE_solution-threads-or-tasks"),
        &["5", "40"],
    );
    assert_eq!(out.exit_code(), Some(0), "{}", out.combined);
    for n in ["5", "40"] {
        let row = out
            .combined
            .lines()
            .find(|l| l.split_whitespace().next() == Some(n));
        let row = row.unwrap_or_else(|| panic!("no row for {n}:\n{}", out.combined));
        assert_eq!(row.matches(" ms").count(), 2, "{row}");
    }
}

/// Exercise 13-3: the crashing child exits 101; the parent outlives it.
#[test]
fn a_crashing_child_does_not_take_the_parent_down() {
    let out = run_listing_combined(env!("CARGO_BIN_EXE_solution-crash-isolation"), &[]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.combined);
    assert!(
        out.combined.contains(
            "child crash: exit code Some(101), its stderr mentions a panic: true"
        ),
        "{}",
        out.combined
    );
    assert!(
        out.combined.contains(
            "child    ok: exit code Some(0), its stderr mentions a panic: false"
        ),
        "{}",
        out.combined
    );
    assert!(
        out.combined
            .ends_with("parent: still running after both children\n"),
        "{}",
        out.combined
    );
}

#[test]
fn bad_arguments_are_a_one_line_error() {
    for (bin, args) in [
        (env!("CARGO_BIN_EXE_process-worker"), &["child", "x"][..]),
        (env!("CARGO_BIN_EXE_solution-threads-or-tasks"), &["0"][..]),
        (
            env!("CARGO_BIN_EXE_solution-crash-isolation"),
            &["child", "maybe"][..],
        ),
    ] {
        let out = run_listing_combined(bin, args);
        assert_eq!(out.exit_code(), Some(2), "{bin}: {}", out.combined);
        assert_eq!(out.combined.lines().count(), 1, "{bin}: {}", out.combined);
    }
}

/// Exercise 13-1: the table applied per activity: many waits are tasks, a few are threads,
/// computing is rayon, a blocking library goes to spawn_blocking, crash-prone code to a child
/// process, and shared changed state gets one owner.
#[test]
fn every_activity_gets_the_tool_the_table_gives() {
    let out =
        run_listing_combined(env!("CARGO_BIN_EXE_solution-choose-per-activity"), &[]);
    assert_eq!(out.exit_code(), Some(0), "{}", out.combined);
    for (activity, tool) in [
        ("fetch pages", "tokio tasks"),
        ("watch the configuration file", "threads"),
        ("parse and index pages", "rayon"),
        ("store to SQLite (blocking driver)", "spawn_blocking"),
        ("sanitize HTML (C library)", "a child process"),
    ] {
        let line = out
            .combined
            .lines()
            .find(|l| l.starts_with(activity))
            .unwrap_or_else(|| panic!("no line for {activity}:\n{}", out.combined));
        assert!(line.contains(&format!("-> {tool}:")), "{line}");
    }
    assert_eq!(
        out.combined.matches("gets one owner").count(),
        1,
        "{}",
        out.combined
    );
    let bad =
        run_listing_combined(env!("CARGO_BIN_EXE_solution-choose-per-activity"), &["x"]);
    assert_eq!(bad.exit_code(), Some(2), "{}", bad.combined);
    assert_eq!(bad.combined.lines().count(), 1, "{}", bad.combined);
}
