use listing_check::stdout_of;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "countdown",
            "tiny-executor",
            "future-sizes",
            "solution-join",
            "solution-yield-now",
        ],
    );
}

/// Listing 12-17: Pending on the first two polls, Ready on the third, and nothing after it.
#[test]
fn the_countdown_is_ready_on_its_third_poll() {
    let out = stdout_of(env!("CARGO_BIN_EXE_countdown"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "poll 1: Pending",
            "poll 2: Pending",
            "poll 3: Ready(\"liftoff\")"
        ],
        "{out}"
    );
}

/// The executor's log: (task, woken by) for each poll.
fn polls_of(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter(|l| l.starts_with("poll "))
        .map(|l| {
            let (_, rest) = l.split_once(": ").unwrap();
            let (task, by) = rest.split_once(" woken by ").unwrap();
            (task.trim().to_string(), by.to_string())
        })
        .collect()
}

/// Listings 12-18 and 12-19: each task is polled once per spawn and once per wake; the
/// countdowns wake themselves on the executor's thread, and the async fn's last wake comes
/// from the timer's thread.
#[test]
fn the_executor_polls_only_woken_tasks_and_the_timer_thread_wakes_the_last() {
    let out = stdout_of(env!("CARGO_BIN_EXE_tiny-executor"), &[]);
    let polls = polls_of(&out);
    let of = |task: &str| -> Vec<&str> {
        polls
            .iter()
            .filter(|(t, _)| t == task)
            .map(|(_, by)| by.as_str())
            .collect()
    };
    assert_eq!(of("countdown"), ["spawn", "main", "main"], "{out}");
    assert_eq!(of("async fn"), ["spawn", "main", "timer"], "{out}");
    assert_eq!(polls.last().unwrap().0, "async fn", "{out}");
    assert!(out.contains("countdown is done"), "{out}");
    assert!(out.contains("async fn is done"), "{out}");
    assert!(
        out.contains(&format!("all done after {} polls", polls.len())),
        "{out}"
    );
}

fn size_of(out: &str, future: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.starts_with(future))
        .unwrap_or_else(|| panic!("no size for {future}:\n{out}"));
    line.split_whitespace()
        .rev()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap()
}

/// Listing 12-21: a local kept across an .await is stored in the future, and an awaited
/// future's state is stored inline in the one that awaits it. (The sizes themselves, tokio's
/// `Sleep` included, are compared with the committed output by `check_listings`.)
#[test]
fn a_future_holds_what_lives_across_its_awaits() {
    let out = stdout_of(env!("CARGO_BIN_EXE_future-sizes"), &[]);
    let small = size_of(&out, "small_local()");
    let kilobyte = size_of(&out, "kilobyte_across_await()");
    let outer = size_of(&out, "awaits_the_kilobyte()");
    assert!((8..64).contains(&small), "{out}");
    assert!(kilobyte >= 1024, "{out}");
    assert!(outer >= kilobyte, "{out}");
}

/// Exercise 12-3: both children are polled until each is ready, never after.
#[test]
fn the_join_polls_each_child_until_it_is_ready() {
    let out = stdout_of(env!("CARGO_BIN_EXE_solution-join"), &[]);
    assert_eq!(out.matches("short polled").count(), 2, "{out}");
    assert_eq!(out.matches("long polled").count(), 4, "{out}");
    assert_eq!(
        out.lines().filter(|l| l.starts_with("poll ")).count(),
        4,
        "{out}"
    );
    assert!(out.ends_with("Ready((\"short\", \"long\"))\n"), "{out}");
}

/// Exercise 12-4: yield_now sends each task to the back of the queue, so the steps alternate.
#[test]
fn yield_now_interleaves_the_two_tasks() {
    let out = stdout_of(env!("CARGO_BIN_EXE_solution-yield-now"), &[]);
    let steps: Vec<&str> = out.lines().filter(|l| l.contains(": step")).collect();
    assert_eq!(
        steps,
        [
            "a: step 1",
            "b: step 1",
            "a: step 2",
            "b: step 2",
            "a: step 3",
            "b: step 3"
        ],
        "{out}"
    );
    assert!(out.ends_with("8 polls\n"), "{out}");
}
