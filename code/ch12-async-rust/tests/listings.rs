use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use listing_check::{combined_of, run_listing_combined};

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "async-download-three",
            "task-memory",
            "many-requests",
            "many-requests-threads",
            "async-threadbot",
            "multi-thread-kitchen",
            "heartbeat-blocking",
            "heartbeat-two-workers",
            "timeout-select",
            "solution-await-in-change",
            "solution-per-request-timeout",
            "tasks-delay-sweep",
            "threads-vs-tasks-at-scale",
            "one-bot-loop",
            "guard-dropped-before-await",
        ],
    );
}

/// The number after `prefix` on the line that starts with it.
fn number_after(out: &str, prefix: &str) -> u64 {
    let line = out
        .lines()
        .find(|l| l.trim_start().starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"));
    let rest = &line.trim_start()[prefix.len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no number after {prefix:?} in {line:?}"))
}

fn bad_arguments_exit_2(bin: &str, args: &[&str]) {
    let run = run_listing_combined(bin, args);
    assert_eq!(
        run.exit_code(),
        Some(2),
        "{bin} {args:?}:\n{}",
        run.combined
    );
    assert_eq!(
        run.combined.lines().count(),
        1,
        "one line on stderr:\n{}",
        run.combined
    );
    assert!(!run.combined.contains("panicked"), "{}", run.combined);
}

#[test]
fn bad_arguments_are_a_one_line_error() {
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_async-download-three"), &["ftp://x"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_task-memory"), &["100", "10"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_task-memory"), &["many"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_many-requests"), &["0"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_many-requests"), &["1", "2", "3"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_many-requests-threads"), &["0"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_many-requests-threads"), &["x"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_async-threadbot"), &["-5"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_one-bot-loop"), &["none"]);
    bad_arguments_exit_2(
        env!("CARGO_BIN_EXE_threads-vs-tasks-at-scale"),
        &["100", "10"],
    );
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_threads-vs-tasks-at-scale"), &["many"]);
    bad_arguments_exit_2(
        env!("CARGO_BIN_EXE_threads-vs-tasks-at-scale"),
        &["10000000000"],
    );
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_multi-thread-kitchen"), &["lots"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_timeout-select"), &["a", "b"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_heartbeat-blocking"), &["fast"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_heartbeat-two-workers"), &["3"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_solution-await-in-change"), &["0"]);
    bad_arguments_exit_2(env!("CARGO_BIN_EXE_solution-per-request-timeout"), &["x"]);
}

/// Listing 12-1: all three downloads start before any finishes, all on the thread `main`.
#[test]
fn three_downloads_overlap_on_one_thread() {
    let out = combined_of(env!("CARGO_BIN_EXE_async-download-three"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    let last_start = lines
        .iter()
        .rposition(|l| l.contains(": started at "))
        .unwrap();
    let first_finish = lines
        .iter()
        .position(|l| l.contains(": finished at "))
        .unwrap();
    assert!(
        last_start < first_finish,
        "all start before any finishes:\n{out}"
    );
    let task_lines: Vec<&&str> =
        lines.iter().filter(|l| l.contains(" on thread ")).collect();
    assert_eq!(task_lines.len(), 6, "{out}");
    assert!(
        task_lines.iter().all(|l| l.ends_with(" on thread main")),
        "{out}"
    );
    assert_eq!(number_after(&out, "all three:"), 3 * 1024, "{out}");
}

/// Listing 12-3: a task costs far less resident memory than a thread.
#[test]
fn a_task_costs_less_memory_than_a_thread() {
    let out = combined_of(env!("CARGO_BIN_EXE_task-memory"), &["2000"]);
    if out.contains("Linux-only") {
        return;
    }
    let per = |kind: &str| -> u64 {
        let line = out
            .lines()
            .find(|l| l.contains(kind))
            .unwrap_or_else(|| panic!("{out}"));
        let field = line.split(',').nth(1).unwrap().trim();
        field.split_whitespace().next().unwrap().parse().unwrap()
    };
    let task = per("sleeping tasks");
    let thread = per("sleeping threads");
    assert!(
        task < thread,
        "a task ({task} B) should cost less than a thread ({thread} B):\n{out}"
    );
}

/// Listing 12-4: every request answered, never more in flight than the semaphore allows.
#[test]
fn the_semaphore_bounds_requests_in_flight() {
    let out = combined_of(env!("CARGO_BIN_EXE_many-requests"), &["300", "40"]);
    assert_eq!(number_after(&out, "answered 200 OK:"), 300, "{out}");
    let most = number_after(&out, "most in flight at once:");
    assert!(
        (1..=40).contains(&most),
        "at most 40 in flight, saw {most}:\n{out}"
    );
}

/// Listing 12-5: the same requests from threads: every one answered, never more in flight
/// than there are threads.
#[test]
fn threads_answer_every_request_with_one_in_flight_per_thread_at_most() {
    let out = combined_of(env!("CARGO_BIN_EXE_many-requests-threads"), &["300", "40"]);
    assert_eq!(number_after(&out, "answered 200 OK:"), 300, "{out}");
    let most = number_after(&out, "most in flight at once:");
    assert!(
        (1..=40).contains(&most),
        "at most 40 in flight, saw {most}:\n{out}"
    );
}

/// An unreachable server: a one-line error and a non-zero exit, not a panic.
#[test]
fn threads_report_an_unreachable_server_in_one_line() {
    let run = run_listing_combined(
        env!("CARGO_BIN_EXE_many-requests-threads"),
        &["3", "2", "http://127.0.0.1:9"],
    );
    assert_eq!(run.exit_code(), Some(1), "{}", run.combined);
    assert_eq!(run.combined.lines().count(), 1, "{}", run.combined);
    assert!(
        run.combined
            .starts_with("many-requests-threads: a request failed"),
        "{}",
        run.combined
    );
}

/// Listing 12-13: tasks on the multi-threaded runtime, with locks: inventory intact.
#[test]
fn the_locked_kitchen_keeps_its_cutlery_on_two_threads() {
    let out = combined_of(env!("CARGO_BIN_EXE_multi-thread-kitchen"), &["2000"]);
    assert!(
        out.contains("kitchen after: 100 knives, 100 forks; dishwasher loads: 20000"),
        "{out}"
    );
    let threads = number_after(&out, "the tasks ran on");
    assert!((1..=2).contains(&threads), "{out}");
}

/// The longest gap between beats (in ms) on the line that starts with `prefix`: the last
/// number on it, before its final "ms".
fn gap_after(out: &str, prefix: &str) -> u64 {
    let line = out
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words.last(), Some(&"ms"), "{line:?}");
    words[words.len() - 2]
        .parse()
        .unwrap_or_else(|_| panic!("no gap at the end of {line:?}"))
}

/// Listing 12-14: no heartbeat while the runtime's only thread is blocked (deterministic on a
/// current-thread runtime); at least one while the work runs on another thread. Every section
/// reports its longest gap; how long it is, is the machine's (printed, not asserted).
#[test]
fn blocking_the_runtime_stops_the_heartbeat_and_handing_off_does_not() {
    for _ in 0..2 {
        let out = combined_of(env!("CARGO_BIN_EXE_heartbeat-blocking"), &[]);
        let blocked = [
            "std::thread::sleep on the runtime thread:",
            "CPU work on the runtime thread:",
        ];
        let handed_off = [
            "the same sleep in spawn_blocking:",
            "the same CPU work on rayon, via a oneshot:",
        ];
        for prefix in blocked {
            assert_eq!(number_after(&out, prefix), 0, "{out}");
            gap_after(&out, prefix);
        }
        for prefix in handed_off {
            assert!(number_after(&out, prefix) >= 1, "{out}");
            gap_after(&out, prefix);
        }
        assert!(out.contains("machine: "), "{out}");
    }
}

/// Listing 12-15: on two workers, a task spawned by a task that then blocks its worker runs
/// only after the blocking ends (it sits in that worker's LIFO slot, which no other worker may
/// steal from); handed off with spawn_blocking or block_in_place, it runs during the work. The
/// heartbeat beats in every section, on whichever worker is free.
#[test]
fn a_blocked_worker_holds_its_lifo_task_and_handing_off_frees_it() {
    for _ in 0..2 {
        let out = combined_of(env!("CARGO_BIN_EXE_heartbeat-two-workers"), &[]);
        let row = |prefix: &str| -> String {
            out.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("no line starting with {prefix:?} in:\n{out}"))
                .to_string()
        };
        let rows = [
            ("std::thread::sleep in the task:", "after work"),
            ("the same sleep in spawn_blocking:", "during work"),
            ("the same sleep in block_in_place:", "during work"),
        ];
        for (prefix, when) in rows {
            let line = row(prefix);
            assert!(line.contains(when), "{when:?} expected:\n{out}");
            let beats: u64 = line
                .split_whitespace()
                .rev()
                .nth(2)
                .and_then(|w| w.parse().ok())
                .unwrap_or_else(|| panic!("no beat count in {line:?}"));
            assert!(
                beats >= 1,
                "the heartbeat should beat on the free worker:\n{out}"
            );
            gap_after(&out, prefix);
        }
        assert!(out.contains("machine: "), "{out}");
    }
}

/// Exercise 12-1: an `.await` inside `change` loses updates, on one thread; and the same
/// drift comes back on every run, because the one-thread schedule does not vary.
#[test]
fn an_await_between_read_and_write_loses_updates_reproducibly() {
    let bin = env!("CARGO_BIN_EXE_solution-await-in-change");
    let first = combined_of(bin, &["1000"]);
    assert!(
        !first.contains("after 100 knives, 100 forks"),
        "the inventory should drift:\n{first}"
    );
    assert_eq!(
        first,
        combined_of(bin, &["1000"]),
        "two runs should drift alike"
    );
}

/// Exercise 12-2: the 300 ms download is given up on; every file gets a line.
#[test]
fn the_slow_download_is_given_up_on() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-per-request-timeout"), &[]);
    assert!(out.contains("file2.txt: gave up after 150 ms"), "{out}");
    assert_eq!(out.lines().count(), 3, "{out}");
    assert!(
        out.lines().next().unwrap().starts_with("file1.txt: "),
        "{out}"
    );
}

/// A server that answers every request at once with its headers and the first bytes of a
/// 1,024-byte body, then stalls: it sends nothing more until the client hangs up, or for at
/// most `STALL`. It stops accepting when `stop` is set (or after `STALL`).
fn stalling_server(stop: Arc<AtomicBool>) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    const STALL: Duration = Duration::from_secs(5);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    listener.set_nonblocking(true).unwrap();
    let server = std::thread::spawn(move || {
        let deadline = Instant::now() + STALL;
        let mut connections = Vec::new();
        while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
            let Ok((mut stream, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(5));
                continue;
            };
            connections.push(std::thread::spawn(move || {
                stream.set_nonblocking(false).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_millis(50)))
                    .unwrap();
                let mut request = Vec::new();
                let mut buffer = [0u8; 1024];
                while !request.windows(4).any(|w| w == b"\r\n\r\n")
                    && Instant::now() < deadline
                {
                    match stream.read(&mut buffer) {
                        Ok(0) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                        Err(_) => {}
                    }
                }
                let head =
                    "HTTP/1.1 200 OK\r\ncontent-length: 1024\r\n\r\nthe first bytes";
                if stream.write_all(head.as_bytes()).is_err() {
                    return;
                }
                // The stall: wait for the client to hang up, within the deadline.
                while Instant::now() < deadline {
                    match stream.read(&mut buffer) {
                        Ok(0) => return,
                        Ok(_) => {}
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                        Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
                        Err(_) => return,
                    }
                }
            }));
        }
        for connection in connections {
            connection.join().unwrap();
        }
    });
    (base, server)
}

/// Exercise 12-2: the deadline covers the body too. Against a server that sends the headers
/// at once and then stalls in the body, every download is given up on at the deadline; a
/// deadline on `send()` alone would wait for the stalled body and print `failed: ...` when the
/// server finally hangs up.
#[test]
fn the_deadline_covers_a_stalled_body() {
    let stop = Arc::new(AtomicBool::new(false));
    let (base, server) = stalling_server(Arc::clone(&stop));
    let out = combined_of(env!("CARGO_BIN_EXE_solution-per-request-timeout"), &[&base]);
    stop.store(true, Ordering::Relaxed);
    server.join().unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    for (line, file) in lines.iter().zip(["file1.txt", "file2.txt", "file3.txt"]) {
        assert_eq!(*line, format!("{file}: gave up after 150 ms"), "{out}");
    }
}

#[test]
fn tasks_delay_sweep_answers_every_request_and_rejects_bad_input() {
    let sweep = env!("CARGO_BIN_EXE_tasks-delay-sweep");
    let ok = run_listing_combined(sweep, &["5", "2", "4"]);
    assert_eq!(ok.exit_code(), Some(0), "{}", ok.combined);
    let rows: Vec<&str> = ok
        .combined
        .lines()
        .filter(|l| l.trim_end().ends_with(" ms") && !l.starts_with("GET"))
        .collect();
    assert_eq!(rows.len(), 2, "one row per request count:\n{}", ok.combined);
    for bad in [&["x"][..], &["5", "0"], &["5"], &["5", "3", "--url"]] {
        let out = run_listing_combined(sweep, bad);
        assert_eq!(out.exit_code(), Some(2), "{bad:?}: {}", out.combined);
        assert_eq!(out.combined.lines().count(), 1, "{}", out.combined);
    }
    let closed = run_listing_combined(sweep, &["5", "1", "--url", "http://127.0.0.1:9"]);
    assert_eq!(closed.exit_code(), Some(1), "{}", closed.combined);
    // The table's heading comes first; the failure is one line, not a panic.
    let errors: Vec<&str> = closed
        .combined
        .lines()
        .filter(|l| l.starts_with("tasks-delay-sweep:"))
        .collect();
    assert_eq!(errors.len(), 1, "{}", closed.combined);
    assert!(!closed.combined.contains("panicked"), "{}", closed.combined);
}

/// Listing 12-6: every count gets one row with both wall times, and no unit finishes before
/// its sleep (a row shows at least the sleep for threads and for tasks). No timing is asserted
/// beyond that floor.
#[test]
fn threads_and_tasks_at_scale_all_finish() {
    let out = combined_of(
        env!("CARGO_BIN_EXE_threads-vs-tasks-at-scale"),
        &["10", "100", "500"],
    );
    for units in ["10", "100", "500"] {
        let row = out
            .lines()
            .find(|l| l.split_whitespace().next() == Some(units))
            .unwrap_or_else(|| panic!("no row for {units} units:\n{out}"));
        let times: Vec<f64> = row
            .split_whitespace()
            .collect::<Vec<_>>()
            .windows(2)
            .filter(|w| w[1] == "ms")
            .map(|w| w[0].parse().unwrap())
            .collect();
        assert_eq!(times.len(), 2, "{row}");
        assert!(times.iter().all(|&ms| ms >= 100.0), "{row}");
    }
    assert!(out.contains("machine: "), "{out}");
}

/// Listing 12-8: one loop, every queue served in turn: the inventory balances and every
/// request is served (ten queues, two requests per table).
#[test]
fn one_bot_serves_every_request_and_keeps_the_inventory() {
    let out = combined_of(env!("CARGO_BIN_EXE_one-bot-loop"), &["7", "300"]);
    for (tables, requests) in [(7, 140), (300, 6000)] {
        let line = format!(
            "{tables:>6} tables per queue: kitchen before 100 knives, 100 forks; after 100 knives, 100 forks ({requests} requests, one loop)"
        );
        assert!(out.contains(&line), "{line:?} not in:\n{out}");
    }
    assert!(
        out.contains("0/0 Prepare, 1/0 Prepare, 2/0 Prepare"),
        "the bot turns to the next queue after each request:\n{out}"
    );
}

/// Listing 12-12, the fix for Listings 12-9 and 12-11: the same task, with the guard in a block
/// that ends before the `.await`, is spawned on two worker threads and the inventory balances.
#[test]
fn a_guard_dropped_before_the_await_is_send_and_balances() {
    let out = combined_of(env!("CARGO_BIN_EXE_guard-dropped-before-await"), &[]);
    assert!(out.contains("knives after: 100"), "{out}");
}

/// Listing 12-15's page says which tokio its scheduler note describes: the one `Cargo.lock`
/// pins. A new tokio in `Cargo.lock` fails here until that section is read again; the test of
/// Listing 12-15 above says whether the behaviour itself still holds.
#[test]
fn the_page_names_the_locked_tokio() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let lock = std::fs::read_to_string(root.join("Cargo.lock"));
    let page = std::fs::read_to_string(root.join("book/ch12-async-rust.md"));
    let (Ok(lock), Ok(page)) = (lock, page) else {
        eprintln!("this crate is not inside the book's repository: nothing to compare");
        return;
    };
    let version = lock
        .split("[[package]]")
        .find(|package| package.contains("\nname = \"tokio\"\n"))
        .and_then(|package| {
            package
                .lines()
                .find_map(|line| line.strip_prefix("version = \""))
        })
        .map(|version| version.trim_end_matches('"'))
        .expect("Cargo.lock has a tokio package");
    assert!(
        page.contains(&format!("tokio {version},")),
        "book/ch12-async-rust.md must name tokio {version}, the version Cargo.lock pins"
    );
}
