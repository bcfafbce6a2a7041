use listing_check::combined_of;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "drop-cancels-future",
            "abort-at-await",
            "abort-blocked-task",
            "joinset-drop",
            "runtime-shutdown",
            "select-loses-message",
            "select-keeps-message",
            "graceful-shutdown",
            "solution-keep-the-future",
            "solution-shutdown-deadline",
        ],
    );
}

/// The line of `out` that contains `needle`, by index; fails the test, showing `out`, if none.
fn line_of(out: &str, needle: &str) -> usize {
    out.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{out}"))
}

/// The orders a select-loop listing reports, from its last line
/// `received N of 10 orders; lost: [..]`, and the order numbers it printed on the way.
fn orders(out: &str) -> (Vec<u32>, Vec<u32>) {
    let printed = out
        .lines()
        .filter_map(|l| l.split_once("ms  order ").map(|(_, n)| n.trim()))
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("bad order {n:?} in:\n{out}"))
        })
        .collect();
    let lost_list = out
        .lines()
        .find_map(|l| {
            l.split_once("lost: [")
                .map(|(_, rest)| rest.trim_end_matches(']'))
        })
        .unwrap_or_else(|| panic!("no `lost:` line in:\n{out}"));
    let lost = lost_list
        .split(", ")
        .filter(|s| !s.is_empty())
        .map(|n| {
            n.parse()
                .unwrap_or_else(|_| panic!("bad lost {n:?} in:\n{out}"))
        })
        .collect();
    (printed, lost)
}

/// The times (ms) of the tick lines a select-loop listing printed.
fn tick_times(out: &str) -> Vec<u64> {
    out.lines()
        .filter(|l| l.contains("tick:"))
        .map(|l| {
            let ms = l.split_whitespace().next().unwrap_or_default();
            ms.parse().unwrap_or_else(|_| panic!("bad time in {l:?}"))
        })
        .collect()
}

/// Listing 12-22: the future stops at its second `.await`; its `Cup` is dropped before
/// `timeout` returns, and nothing after that `.await` runs.
#[test]
fn a_dropped_future_stops_at_its_await_and_drops_its_locals() {
    let out = combined_of(env!("CARGO_BIN_EXE_drop-cancels-future"), &[]);
    assert!(out.contains("brew: steeping tea"), "{out}");
    assert!(
        !out.contains("served"),
        "the code after the .await ran:\n{out}"
    );
    assert!(
        line_of(&out, "Cup(tea) dropped") < line_of(&out, "main: Err(Elapsed"),
        "{out}"
    );
}

/// Listing 12-23: the ticker stops at its `.await` after the third tick; the handle reports a
/// cancellation, after the task's locals were dropped.
#[test]
fn abort_cancels_a_parked_task() {
    let out = combined_of(env!("CARGO_BIN_EXE_abort-at-await"), &[]);
    assert_eq!(out.matches("ticker: tick").count(), 3, "{out}");
    assert!(
        line_of(&out, "main: abort()") < line_of(&out, "Guard dropped"),
        "{out}"
    );
    assert!(
        line_of(&out, "Guard dropped") < line_of(&out, "is_cancelled() = true"),
        "{out}"
    );
}

/// Listing 12-24: abort() comes first, yet all three steps run; the task is dropped at its
/// `yield_now().await`, the first `.await` after them. Without the abort, the line after the
/// yield would print and the task would return normally; without the yield, it would return
/// normally too: either way this test fails.
#[test]
fn abort_does_not_interrupt_code_between_awaits() {
    let out = combined_of(env!("CARGO_BIN_EXE_abort-blocked-task"), &[]);
    let abort = line_of(&out, "abort()");
    for step in 1..=3 {
        assert!(abort < line_of(&out, &format!("step {step} ")), "{out}");
    }
    assert!(
        line_of(&out, "step 3 ") < line_of(&out, "is_cancelled() = true"),
        "{out}"
    );
    assert!(!out.contains("after yield_now"), "{out}");
    assert!(!out.contains("returned normally"), "{out}");
}

/// Listing 12-25: the set's two unfinished tasks are dropped, the detached task finishes.
#[test]
fn dropping_a_joinset_aborts_its_tasks_but_not_a_detached_one() {
    let out = combined_of(env!("CARGO_BIN_EXE_joinset-drop"), &[]);
    assert!(out.contains("set task 1 finished"), "{out}");
    for task in ["set task 2", "set task 3"] {
        assert!(
            out.contains(&format!("{task} dropped before it finished")),
            "{out}"
        );
        assert!(!out.contains(&format!("{task} finished")), "{out}");
    }
    assert!(out.contains("detached task finished"), "{out}");
    assert!(!out.contains("detached task dropped"), "{out}");
}

/// Listing 12-26: shutdown drops the async task, returns without the blocking job, which
/// finishes afterwards.
#[test]
fn shutdown_drops_tasks_but_leaves_blocking_jobs_running() {
    let out = combined_of(env!("CARGO_BIN_EXE_runtime-shutdown"), &[]);
    assert!(!out.contains("never printed"), "{out}");
    let dropped = line_of(&out, "async task: dropped");
    let returned = line_of(&out, "shutdown_timeout returned");
    let finished = line_of(&out, "blocking job: finished");
    assert!(line_of(&out, "main: shutdown_timeout(") < dropped, "{out}");
    assert!(dropped < returned && returned < finished, "{out}");
}

/// Listing 12-27: the cancel-unsafe loop loses orders on every run. If the loss ever stopped
/// happening, this test would fail.
#[test]
fn the_cancel_unsafe_loop_loses_orders() {
    let out = combined_of(env!("CARGO_BIN_EXE_select-loses-message"), &[]);
    let (printed, lost) = orders(&out);
    assert!(!lost.is_empty(), "no order was lost:\n{out}");
    assert_eq!(printed.len() + lost.len(), 10, "{out}");
    for order in &lost {
        assert!(!printed.contains(order), "{out}");
    }
}

/// Listing 12-28: every order arrives, once, in order.
#[test]
fn the_cancel_safe_loop_loses_nothing() {
    let out = combined_of(env!("CARGO_BIN_EXE_select-keeps-message"), &[]);
    let (printed, lost) = orders(&out);
    assert_eq!(printed, (1..=10).collect::<Vec<u32>>(), "{out}");
    assert!(lost.is_empty(), "{out}");
}

/// Exercise 12-5: every order arrives, and every tick comes on its 50 ms beat (unlike
/// Listing 12-28, whose lookups delay the ticks).
#[test]
fn keeping_the_future_loses_nothing_and_keeps_the_beat() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-keep-the-future"), &[]);
    let (printed, lost) = orders(&out);
    assert_eq!(printed, (1..=10).collect::<Vec<u32>>(), "{out}");
    assert!(lost.is_empty(), "{out}");
    let ticks = tick_times(&out);
    assert!(ticks.len() >= 5, "{out}");
    for (i, t) in ticks.iter().enumerate() {
        assert_eq!(*t, 50 * i as u64, "tick {i} off its beat:\n{out}");
    }
    let late = tick_times(&combined_of(
        env!("CARGO_BIN_EXE_select-keeps-message"),
        &[],
    ));
    assert!(
        late.iter().enumerate().any(|(i, t)| *t != 50 * i as u64),
        "Listing 12-28's ticks were all on time, so this test shows nothing"
    );
}

/// Listing 12-29: the jobs in progress at the signal finish, none starts after it, and the
/// straggler is cut off at the deadline.
#[test]
fn graceful_shutdown_finishes_current_jobs_and_cuts_off_the_straggler() {
    let out = combined_of(env!("CARGO_BIN_EXE_graceful-shutdown"), &[]);
    let signal = line_of(&out, "shutdown requested");
    for done in ["worker A: job 3 done", "worker B: job 2 done"] {
        assert!(signal < line_of(&out, done), "{out}");
    }
    assert!(out.contains("worker A: stops before job 4"), "{out}");
    assert!(out.contains("worker B: stops before job 3"), "{out}");
    assert!(!out.contains("worker A: job 4"), "{out}");
    assert!(!out.contains("worker B: job 3"), "{out}");
    assert!(
        line_of(&out, "deadline passed") < line_of(&out, "worker C: job 2 cut off"),
        "{out}"
    );
    assert_eq!(out.matches("cut off").count(), 1, "{out}");
    assert!(out.ends_with("main: every worker has stopped\n"), "{out}");
}

/// Exercise 12-6: requests in flight at the signal finish if they can within the deadline,
/// the others are dropped at it, and the next client is refused.
#[test]
fn the_server_drains_then_drops_at_the_deadline() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-shutdown-deadline"), &[]);
    let stopped = line_of(&out, "stopped accepting");
    assert!(stopped < line_of(&out, "request 3: done"), "{out}");
    for id in [2, 4] {
        assert!(
            line_of(&out, "deadline passed")
                < line_of(&out, &format!("request {id}: dropped")),
            "{out}"
        );
    }
    assert!(out.contains("request 5: refused"), "{out}");
    for id in 5..=8 {
        assert!(!out.contains(&format!("request {id}: accepted")), "{out}");
    }
    assert!(out.ends_with("main: shut down\n"), "{out}");
}
