//! Runs every listing of chapter 3 and checks what the chapter claims about it. No test looks at
//! a timing: only that the programs work, print their tables, and get the same bodies both ways.

use listing_check::{run_listing, stdout_of};

/// The listings that talk to a server, by name and path.
const NETWORK_LISTINGS: &[(&str, &str)] = listing_check::bins![
    "download-three",
    "five-downloads",
    "random-delays-mutex",
    "random-delays-join",
    "random-delays-channel",
    "delay-speedup",
    "solution-status-codes",
    "solution-timeout",
    "solution-limited-threads",
];

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "download-three",
            "five-downloads",
            "random-delays-mutex",
            "random-delays-join",
            "random-delays-channel",
            "channel-send-error",
            "channel-disconnected",
            "channel-try-recv",
            "channel-rendezvous",
            "delay-speedup",
            "solution-status-codes",
            "solution-timeout",
            "solution-limited-threads",
        ],
    );
}

fn file_names(line: &str) -> Vec<String> {
    line.split('"')
        .filter(|part| part.starts_with("file_"))
        .map(str::to_string)
        .collect()
}

const START_ORDER: [&str; 5] = [
    "file_1.txt",
    "file_2.txt",
    "file_3.txt",
    "file_4.txt",
    "file_5.txt",
];

#[test]
fn three_downloads_overlap_and_agree() {
    let out = stdout_of(env!("CARGO_BIN_EXE_download-three"), &[]);
    for name in ["file1.txt", "file2.txt", "file3.txt"] {
        assert_eq!(
            out.matches(&format!("{name}: 1024 bytes at")).count(),
            1,
            "{out}"
        );
        assert!(out.contains(&format!("{name}: started at")), "{out}");
        assert!(out.contains(&format!("{name}: finished at")), "{out}");
    }
    for label in [
        "one after another:",
        "three threads:",
        "speed-up:",
        "machine:",
    ] {
        assert!(out.contains(label), "{out}");
    }
    assert!(out.contains("same bodies both ways: true"), "{out}");
}

#[test]
fn five_downloads_prints_both_times_and_same_bodies() {
    let out = stdout_of(env!("CARGO_BIN_EXE_five-downloads"), &["3", "1"]);
    assert!(out.contains("3 downloads of 16384 bytes"), "{out}");
    assert!(out.contains("one thread:"), "{out}");
    assert!(out.contains("   3 threads:"), "{out}");
    assert!(out.contains("speed-up:"), "{out}");
    assert!(out.contains("same bodies: true"), "{out}");
    assert!(out.contains("machine:"), "{out}");
}

#[test]
fn delay_speedup_prints_one_row_per_count() {
    let out = stdout_of(env!("CARGO_BIN_EXE_delay-speedup"), &["1", "1", "2", "4"]);
    assert!(
        out.contains("requests  one thread  one thread each  speed-up"),
        "{out}"
    );
    for n in [1, 2, 4] {
        let row = out
            .lines()
            .find(|line| line.split_whitespace().next() == Some(&n.to_string()))
            .unwrap_or_else(|| panic!("no row for {n}:\n{out}"));
        assert!(row.trim_end().ends_with('x'), "{row}");
    }
    assert!(out.contains("machine:"), "{out}");
}

#[test]
fn mutex_version_collects_in_completion_order() {
    let out = stdout_of(env!("CARGO_BIN_EXE_random-delays-mutex"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    // Every thread is started before the main thread waits.
    let waiting = lines
        .iter()
        .position(|l| *l == "waiting for the threads...")
        .unwrap();
    assert_eq!(
        lines[..waiting]
            .iter()
            .filter(|l| l.starts_with("started"))
            .count(),
        5
    );
    let finished: Vec<String> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("finished "))
        .map(str::to_string)
        .collect();
    let contents = file_names(lines.last().unwrap());
    // The vector holds each file once, in the order the threads finished...
    let mut sorted = contents.clone();
    sorted.sort();
    assert_eq!(sorted, START_ORDER, "{out}");
    assert_eq!(contents, finished, "{out}");
    // ...which is not the order they were started in: file_1 has the longest delay (300 ms)
    // and file_4 the shortest (60 ms), so only a 240 ms stall could keep the start order.
    assert!(
        out.contains("started  file_1.txt (the server takes 300 ms)"),
        "{out}"
    );
    assert_ne!(contents, START_ORDER, "{out}");
}

#[test]
fn join_version_returns_results_in_start_order() {
    let out = stdout_of(env!("CARGO_BIN_EXE_random-delays-join"), &[]);
    let contents = file_names(out.lines().last().unwrap());
    assert_eq!(contents, START_ORDER, "{out}");
    assert_eq!(out.matches("finished ").count(), 5, "{out}");
}

#[test]
fn channel_version_receives_in_completion_order() {
    let out = stdout_of(env!("CARGO_BIN_EXE_random-delays-channel"), &[]);
    let received: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("received "))
        .map(str::to_string)
        .collect();
    let contents = file_names(out.lines().last().unwrap());
    let mut sorted = contents.clone();
    sorted.sort();
    assert_eq!(sorted, START_ORDER, "{out}");
    // The main thread printed each content as it arrived, in the order the vector holds...
    assert_eq!(contents, received, "{out}");
    // ...which is not the start order: as in the mutex version, file_1 (300 ms) could arrive
    // before file_4 (60 ms) only if file_4's thread stalled for 240 ms.
    assert!(
        out.contains("started  file_1.txt (the server takes 300 ms)"),
        "{out}"
    );
    assert_ne!(contents, START_ORDER, "{out}");
    // Every download was started before the main thread began to receive.
    let waiting = out.find("waiting for the results...").unwrap();
    assert_eq!(out[..waiting].matches("started ").count(), 5, "{out}");
    assert!(!out[..waiting].contains("received "), "{out}");
}

#[test]
fn a_send_without_receiver_returns_the_value() {
    let out = stdout_of(env!("CARGO_BIN_EXE_channel-send-error"), &[]);
    assert!(out.contains(r#"took Ok("first report")"#), "{out}");
    assert!(out.contains(r#"send gave back "second report""#), "{out}");
}

#[test]
fn the_receiving_loop_ends_after_the_last_message() {
    let out = stdout_of(env!("CARGO_BIN_EXE_channel-disconnected"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "received 1",
            "received 2",
            "received 3",
            "disconnected: the channel is empty and every sender is gone"
        ]
    );
}

#[test]
fn try_recv_tells_empty_from_disconnected() {
    let out = stdout_of(env!("CARGO_BIN_EXE_channel-try-recv"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(
        lines[0].ends_with("Empty, a sender may still send"),
        "{out}"
    );
    // A message sent before the last sender was dropped is still delivered, then Disconnected.
    assert!(lines[1].ends_with(r#"got "done""#), "{out}");
    assert!(lines[2].contains("Disconnected"), "{out}");
}

#[test]
fn a_rendezvous_send_waits_for_the_receive() {
    let out = stdout_of(env!("CARGO_BIN_EXE_channel-rendezvous"), &[]);
    assert!(out.contains("Full"), "{out}");
    assert!(out.contains(r#"received Ok("hand-over")"#), "{out}");
    assert!(
        out.contains("the send returned only after the receive: true"),
        "{out}"
    );
}

#[test]
fn another_seed_gives_other_delays() {
    let default = stdout_of(env!("CARGO_BIN_EXE_random-delays-join"), &[]);
    let other = stdout_of(env!("CARGO_BIN_EXE_random-delays-join"), &["2"]);
    let delays = |out: &str| -> Vec<String> {
        out.lines()
            .filter(|l| l.starts_with("started"))
            .map(str::to_string)
            .collect()
    };
    assert_ne!(delays(&default), delays(&other));
}

#[test]
fn limited_threads_downloads_everything_in_batches() {
    let out = stdout_of(
        env!("CARGO_BIN_EXE_solution-limited-threads"),
        &["5", "2", "1"],
    );
    assert!(
        out.contains("5 downloads, at most 2 threads at a time: 3 batches"),
        "{out}"
    );
    assert!(
        out.contains("every body correct and in order: true"),
        "{out}"
    );
}

/// A loopback port that nothing listens on (bound, then released).
fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

#[test]
fn unreachable_server_is_a_one_line_error() {
    let url = closed_port_url();
    for (bin, path) in NETWORK_LISTINGS {
        let output = run_listing(path, &[&url]);
        let stderr = &output.stderr;
        assert_eq!(output.code(), Some(1), "{bin}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bin}: {stderr}");
        assert!(stderr.starts_with(&format!("{bin}: ")), "{bin}: {stderr}");
        assert!(stderr.contains("127.0.0.1"), "{bin}: {stderr}");
    }
}

#[test]
fn https_without_tls_is_a_one_line_error() {
    // The book's reqwest has no TLS feature: an https:// URL fails before anything is sent.
    for (bin, path) in listing_check::bins!["download-three", "five-downloads"] {
        let output = run_listing(path, &["https://127.0.0.1:9"]);
        let stderr = &output.stderr;
        assert_eq!(output.code(), Some(1), "{bin}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bin}: {stderr}");
    }
}

#[test]
fn bad_arguments_exit_with_code_2() {
    let cases: &[(&str, &[&str])] = &[
        (env!("CARGO_BIN_EXE_download-three"), &["fast"]),
        (
            env!("CARGO_BIN_EXE_download-three"),
            &["http://a", "http://b"],
        ),
        (env!("CARGO_BIN_EXE_five-downloads"), &["five"]),
        (env!("CARGO_BIN_EXE_five-downloads"), &["0"]),
        (env!("CARGO_BIN_EXE_five-downloads"), &["5", "20000"]),
        (env!("CARGO_BIN_EXE_five-downloads"), &["5000"]),
        (env!("CARGO_BIN_EXE_five-downloads"), &["1", "2", "3"]),
        (env!("CARGO_BIN_EXE_five-downloads"), &["-1"]),
        (env!("CARGO_BIN_EXE_delay-speedup"), &["200", "0"]),
        (env!("CARGO_BIN_EXE_delay-speedup"), &["200", "5000"]),
        (env!("CARGO_BIN_EXE_delay-speedup"), &["ms"]),
        (env!("CARGO_BIN_EXE_random-delays-mutex"), &["0"]),
        (env!("CARGO_BIN_EXE_random-delays-join"), &["seed"]),
        (env!("CARGO_BIN_EXE_random-delays-channel"), &["0"]),
        (env!("CARGO_BIN_EXE_solution-status-codes"), &["404"]),
        (env!("CARGO_BIN_EXE_solution-timeout"), &["x"]),
        (env!("CARGO_BIN_EXE_solution-limited-threads"), &["4", "5"]),
        (env!("CARGO_BIN_EXE_solution-limited-threads"), &["4", "0"]),
    ];
    for (bin, args) in cases {
        let output = run_listing(bin, args);
        let stderr = &output.stderr;
        assert_eq!(output.code(), Some(2), "{bin} {args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{bin} {args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{bin} {args:?}");
    }
}

#[test]
fn listings_work_against_a_separately_started_server() {
    let server = lab_server::LabServer::start().unwrap();
    let base = server.base_url();
    let out = stdout_of(env!("CARGO_BIN_EXE_five-downloads"), &["2", "1", &base]);
    assert!(out.contains("same bodies: true"), "{out}");
    let out = stdout_of(
        env!("CARGO_BIN_EXE_solution-status-codes"),
        &[&format!("{base}/")],
    );
    assert!(out.contains("3 of 5 requests failed"), "{out}");
}
