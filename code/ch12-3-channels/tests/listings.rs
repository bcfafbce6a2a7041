use listing_check::{combined_of, run_listing};

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "mpsc-backpressure",
            "oneshot-reply",
            "broadcast-lagged",
            "watch-latest",
            "kitchen-actor",
            "solution-kitchen-report",
            "solution-progress-watch",
        ],
    );
}

/// The lines of `out` that contain `needle`, each as (time in ms, the text after `needle`).
/// The listings start each line with the time on tokio's clock.
fn timed(out: &str, needle: &str) -> Vec<(u64, String)> {
    out.lines()
        .filter_map(|l| l.split_once(needle).map(|(head, rest)| (head, rest.trim())))
        .map(|(head, rest)| {
            let ms = head.split_whitespace().next().unwrap_or_default();
            let ms = ms
                .parse()
                .unwrap_or_else(|_| panic!("no time before {needle:?} in:\n{out}"));
            (ms, rest.to_string())
        })
        .collect()
}

/// The number at the start of `text` ("3 (room left: 0)" gives 3).
fn leading_number(text: &str) -> u32 {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number at the start of {text:?}"))
}

/// Listing 12-30: the buffer holds two orders; every later send completes only when the
/// consumer has taken one, and `recv()` returns `None` only after the last order is taken.
#[test]
fn a_full_mpsc_channel_makes_the_producer_wait_for_the_consumer() {
    let out = combined_of(env!("CARGO_BIN_EXE_mpsc-backpressure"), &[]);
    let sent = timed(&out, "producer: sent ");
    let taken = timed(&out, "consumer: took ");
    assert_eq!(sent.len(), 5, "{out}");
    assert_eq!(taken.len(), 5, "{out}");
    for (i, (at, text)) in sent.iter().enumerate() {
        assert_eq!(leading_number(text), i as u32 + 1, "{out}");
        if i >= 2 {
            // Order i + 1 found room only when order i - 1 left the buffer.
            assert_eq!(
                *at,
                taken[i - 2].0,
                "order {} was not held back:\n{out}",
                i + 1
            );
        } else {
            assert_eq!(*at, 0, "{out}");
        }
    }
    assert_eq!(out.matches("buffer full, waiting").count(), 3, "{out}");
    let none = timed(&out, "recv() returned None");
    assert_eq!(none.len(), 1, "{out}");
    assert!(
        none[0].0 > taken[4].0,
        "None came before the last order:\n{out}"
    );
}

/// Listing 12-31: an answer, a sender dropped without answering (noticed when the task ends, not
/// when the timeout expires), and an answer nobody waits for.
#[test]
fn oneshot_reports_an_answer_a_dropped_sender_and_a_dropped_receiver() {
    let out = combined_of(env!("CARGO_BIN_EXE_oneshot-reply"), &[]);
    let three = timed(&out, "table 3:  Ok(Ok(4))");
    let forty_two = timed(&out, "table 42: Ok(Err(RecvError");
    let seven = timed(&out, "table 7:  Err(Elapsed");
    assert_eq!(
        (three.len(), forty_two.len(), seven.len()),
        (1, 1, 1),
        "{out}"
    );
    // Lookups take 100 ms and the patience is 250 ms: a dropped sender is seen after the lookup.
    assert_eq!(forty_two[0].0 - three[0].0, 100, "{out}");
    assert_eq!(seven[0].0 - forty_two[0].0, 250, "{out}");
    let gave_up = out.find("table 7:").unwrap();
    let refused = out
        .find("nobody is waiting for my answer (4 places)")
        .unwrap_or_else(|| panic!("the late task's send did not fail:\n{out}"));
    assert!(gave_up < refused, "{out}");
}

/// Listing 12-32: the fast subscriber gets every value; the slow one is told how many it lost
/// and gets the rest, so lost + received is every value sent; both end with `Closed`.
#[test]
fn a_lagging_broadcast_subscriber_is_told_what_it_missed() {
    let out = combined_of(env!("CARGO_BIN_EXE_broadcast-lagged"), &[]);
    let values = |name: &str| -> Vec<u32> {
        timed(&out, &format!("{name}: "))
            .iter()
            .filter(|(_, text)| text.starts_with(|c: char| c.is_ascii_digit()))
            .map(|(_, text)| leading_number(text))
            .collect()
    };
    assert_eq!(values("fast"), (1..=6).collect::<Vec<_>>(), "{out}");
    let lagged = timed(&out, "slow: Lagged(");
    assert_eq!(lagged.len(), 1, "{out}");
    let missed = leading_number(&lagged[0].1);
    assert!(missed > 0, "{out}");
    let slow = values("slow");
    assert_eq!(slow, (missed + 1..=6).collect::<Vec<_>>(), "{out}");
    assert_eq!(out.matches(": Closed").count(), 2, "{out}");
}

/// Listing 12-33: the busy reader sees the values in order, skips some, and sees the last one.
#[test]
fn a_watch_reader_sees_only_the_latest_value() {
    let out = combined_of(env!("CARGO_BIN_EXE_watch-latest"), &[]);
    assert_eq!(timed(&out, "writer: setting = ").len(), 6, "{out}");
    let seen: Vec<u32> = timed(&out, "reader: works with setting ")
        .iter()
        .map(|(_, text)| leading_number(text))
        .collect();
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert_eq!(seen.first(), Some(&0), "{out}");
    assert_eq!(seen.last(), Some(&6), "the last value was missed:\n{out}");
    assert!(seen.len() < 7, "the reader saw every value:\n{out}");
    assert!(out.contains("reader: the Sender is gone"), "{out}");
}

/// Listing 12-34: every knife and fork is back in the kitchen, whatever the number of tables.
#[test]
fn the_kitchen_actor_keeps_its_cutlery() {
    for tables in ["1", "300", "3000"] {
        let out = combined_of(env!("CARGO_BIN_EXE_kitchen-actor"), &[tables]);
        assert!(
            out.contains(&format!(
                "10 waiters, {tables} tables each: kitchen before 20 knives, 20 forks; \
                 after 20 knives, 20 forks"
            )),
            "{out}"
        );
    }
}

/// Listings 12-34 and Exercise 12-7: bad arguments get a one-line usage message and exit 2.
#[test]
fn bad_arguments_get_a_usage_line() {
    for bin in [
        env!("CARGO_BIN_EXE_kitchen-actor"),
        env!("CARGO_BIN_EXE_solution-kitchen-report"),
    ] {
        for args in [&["lots"][..], &["0"], &["-4"], &["10", "20"]] {
            let run = run_listing(bin, args);
            assert_eq!(run.status.code(), Some(2), "{bin} {args:?}: {run:?}");
            assert!(run.stdout.is_empty(), "{bin} {args:?}: {run:?}");
            assert_eq!(run.stderr.lines().count(), 1, "{bin} {args:?}: {run:?}");
            assert!(run.stderr.starts_with("usage: "), "{bin} {args:?}: {run:?}");
        }
    }
}

/// Exercise 12-7: a kitchen asked by one task alone lends its five sets and refuses the sixth
/// (so a kitchen that skips its stock check fails here on every run), keeps the set of a `Take`
/// whose waiter is gone (a kitchen that skips that undo fails here too), every report taken
/// during the service balances, and the last one finds the whole stock at home.
#[test]
fn every_kitchen_report_balances() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-kitchen-report"), &["2000"]);
    assert!(
        out.contains("stock check: 5 sets lent, then a refusal"),
        "{out}"
    );
    assert!(
        out.contains("sets out after a Take nobody waits for: 0\n"),
        "{out}"
    );
    assert!(
        out.contains("reports during the service: 100, unbalanced: 0"),
        "{out}"
    );
    assert!(
        out.contains("last report: 20 knives, 20 forks, 0 sets out, "),
        "{out}"
    );
}

/// Exercise 12-8: fewer redraws than updates, counts that only grow, and the final count drawn.
#[test]
fn the_progress_bar_skips_updates_but_draws_the_last() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-progress-watch"), &[]);
    let counts: Vec<u32> = out
        .lines()
        .filter_map(|l| l.split_once("] ").map(|(_, count)| leading_number(count)))
        .collect();
    assert!(counts.windows(2).all(|w| w[0] < w[1]), "{out}");
    assert_eq!(counts.last(), Some(&10), "{out}");
    assert!(counts.len() < 10, "every update was drawn:\n{out}");
    assert!(
        out.contains(&format!("10 updates sent, {} drawn", counts.len())),
        "{out}"
    );
}
