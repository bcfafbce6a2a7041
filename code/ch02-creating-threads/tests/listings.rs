use std::path::Path;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "spawn-and-join",
            "named-threads",
            "join-a-panicked-thread",
            "order-as-closure",
            "order-as-struct",
            "worker-start-done",
            "two-orders",
            "collect-with-join",
            "scope-borrows-a-slice",
            "solution-survive-a-panic",
            "solution-scoped-max",
            "solution-order-total",
        ],
    );
}

/// Runs a binary of this crate with no arguments and returns what it printed
/// (standard output and standard error, in the order they were written).
fn output_of(bin: &str) -> String {
    let run = listing_check::run(Path::new(bin), &[]).unwrap();
    assert_eq!(run.exit_code(), Some(0), "{bin} failed:\n{}", run.combined);
    run.combined
}

/// The index of the one line equal to `line`.
fn position(out: &str, line: &str) -> usize {
    let found: Vec<usize> = out
        .lines()
        .enumerate()
        .filter(|(_, l)| *l == line)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected the line {line:?} exactly once in:\n{out}"
    );
    found[0]
}

/// Listing 2-3: the panicking thread prints its own message, naming itself; `join` returns
/// `Err` with the payload; main carries on.
#[test]
fn join_returns_the_panic_payload_and_main_continues() {
    let out = output_of(env!("CARGO_BIN_EXE_join-a-panicked-thread"));
    let lines: Vec<&str> = out.lines().collect();
    let panicked = lines
        .iter()
        .position(|l| l.starts_with("thread 'order-20'") && l.contains(" panicked at "))
        .unwrap_or_else(|| panic!("the panic message names the thread:\n{out}"));
    assert_eq!(lines[panicked + 1], "order 20: nothing in stock", "{out}");
    let err = position(&out, r#"main: join gave Err: "order 20: nothing in stock""#);
    assert!(
        panicked < err,
        "the thread reports its panic before join returns:\n{out}"
    );
    assert_eq!(
        lines.last(),
        Some(&"main: still running, on to the next order"),
        "{out}"
    );
}

/// Listings 2-4 and 2-5: the struct with a `run` method prints what the closure prints.
#[test]
fn struct_with_run_prints_what_the_closure_prints() {
    let closure = output_of(env!("CARGO_BIN_EXE_order-as-closure"));
    let strukt = output_of(env!("CARGO_BIN_EXE_order-as-struct"));
    assert_eq!(closure, strukt);
    assert_eq!(closure, "processing order 10\n");
}

/// Listing 2-6: both workers start before either is done; the last line comes after both.
#[test]
fn both_workers_start_before_either_is_done() {
    let out = output_of(env!("CARGO_BIN_EXE_worker-start-done"));
    let starts = [
        position(&out, "worker-1 starting"),
        position(&out, "worker-2 starting"),
    ];
    let dones = [
        position(&out, "worker-1 done"),
        position(&out, "worker-2 done"),
    ];
    assert!(
        starts.iter().max() < dones.iter().min(),
        "both workers must start before either finishes:\n{out}"
    );
    assert_eq!(out.lines().last(), Some("both workers finished"), "{out}");
    assert_eq!(out.lines().count(), 5, "{out}");
}

/// Listing 2-7: order 20 starts before order 10 finishes, each on its own named thread.
#[test]
fn the_second_order_starts_before_the_first_finishes() {
    let out = output_of(env!("CARGO_BIN_EXE_two-orders"));
    let started_10 = position(&out, "[order-10] started order 10");
    let started_20 = position(&out, "[order-20] started order 20");
    let finished_10 = position(&out, "[order-10] finished order 10");
    let finished_20 = position(&out, "[order-20] finished order 20");
    assert!(
        started_20 < finished_10,
        "order 20 must start before order 10 finishes:\n{out}"
    );
    assert!(
        started_10 < finished_10 && started_20 < finished_20,
        "{out}"
    );
    assert_eq!(
        out.lines().last(),
        Some("[main] both orders processed"),
        "{out}"
    );
}
