//! The endpoint over real HTTP on a loopback port, with `sh` commands in place of listings so
//! that a slow, a flooding or a failing listing can be had on demand.

use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::*;

mod client;
mod refusals;

use client::{limits, serve};

#[test]
fn a_run_streams_the_command_line_then_stdout_and_stderr_in_order() {
    let server = serve(
        limits(),
        &[(
            "hello",
            Some("true"),
            "echo out; echo err >&2; echo out again",
        )],
    );
    let answer = server.run("/__run/fake/hello");
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert!(
        answer
            .headers
            .to_lowercase()
            .contains("transfer-encoding: chunked")
    );
    assert_eq!(
        answer.body,
        "$ cargo run -p fake --bin hello\nout\nerr\nout again\n"
    );
}

#[test]
fn each_line_the_build_prints_comes_first_marked_as_progress() {
    let server = serve(
        limits(),
        &[(
            "compiles",
            Some("echo '   Compiling fake v0.1.0' >&2; printf '    Finished' >&2"),
            "echo hi",
        )],
    );
    let answer = server.run("/__run/fake/compiles");
    assert_eq!(
        answer.body,
        "$ cargo run -p fake --bin compiles\n\u{1e}   Compiling fake v0.1.0\n\u{1e}    Finished\nhi\n"
    );
}

#[test]
fn the_build_progress_reaches_the_page_while_the_build_still_runs() {
    let server = serve(
        limits(),
        &[(
            "slow-build",
            Some("echo '   Compiling fake v0.1.0' >&2; echo waiting in $$ >&2; sleep 30"),
            "echo ran",
        )],
    );
    let mut stream = server.send(
        "POST /__run/fake/slow-build",
        &[
            format!("Host: 127.0.0.1:{}", server.port),
            format!("Origin: {}", server.origin()),
        ],
        "",
    );
    let group = client::group_of_waiting_run(&mut stream);
    // Had the page been sent the build's lines only at its end, the build would be over.
    assert!(
        !client::living_in_group(group).is_empty(),
        "the build's progress arrived only after the build ended"
    );
    drop(stream);
    client::assert_group_ends(group);
}

#[test]
fn a_failed_build_is_shown_and_nothing_runs() {
    let server = serve(
        limits(),
        &[(
            "broken",
            Some("echo 'error[E0308]: mismatched types' >&2; exit 101"),
            "echo ran",
        )],
    );
    let answer = server.run("/__run/fake/broken");
    assert_eq!(answer.status, 200);
    assert!(
        answer.body.contains("exited with code 101]"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains("error[E0308]"), "{}", answer.body);
    assert!(!answer.body.contains("ran"), "{}", answer.body);
}

#[test]
fn a_listing_that_fails_says_its_exit_code() {
    let server = serve(limits(), &[("fails", None, "echo before; exit 3")]);
    let answer = server.run("/__run/fake/fails");
    assert!(
        answer
            .body
            .ends_with("before\n[the listing exited with code 3]\n"),
        "{}",
        answer.body
    );
}

#[test]
fn a_listing_is_stopped_at_the_time_limit_with_what_it_started() {
    let mut short = limits();
    short.run_time = Duration::from_secs(1);
    // The child sleeps in the background, holding the pipe: only ending the group ends it.
    // `$$` is the shell's pid, which is its process group's id.
    let server = serve(
        short,
        &[("slow", None, "echo started in $$; sleep 30 & sleep 30")],
    );
    let answer = server.run("/__run/fake/slow");
    assert!(answer.body.contains("started in "), "{}", answer.body);
    assert!(
        answer
            .body
            .ends_with("[the listing stopped: it ran for 1 s, the limit]\n"),
        "{}",
        answer.body
    );
    let group: u32 = answer.body.lines().nth(1).unwrap()["started in ".len()..]
        .parse()
        .unwrap();
    client::assert_group_ends(group);
}

#[test]
fn output_beyond_the_cap_stops_the_listing() {
    let mut small = limits();
    small.output = 10_000;
    // Standard error counts as much as standard output: they share one pipe.
    let server = serve(
        small,
        &[("flood", None, "yes"), ("flood-err", None, "yes >&2")],
    );
    for bin in ["flood", "flood-err"] {
        let answer = server.run(&format!("/__run/fake/{bin}"));
        let shown = format!("$ cargo run -p fake --bin {bin}\n").len();
        let note = answer.body.rfind('[').unwrap();
        assert_eq!(note - shown, 10_000, "{bin}: {} bytes", answer.body.len());
        assert!(
            answer
                .body
                .ends_with("[the listing stopped: it printed 9 KiB, the limit]\n"),
            "{bin}"
        );
    }
}

#[test]
fn a_run_beyond_the_concurrency_cap_is_429_and_a_reader_leaving_frees_its_slot() {
    // A time limit far beyond the wait below: only the readers leaving can free a slot in time.
    let mut long = limits();
    long.run_time = Duration::from_secs(120);
    let server = serve(
        long,
        &[
            ("wait", None, "echo waiting in $$; sleep 30"),
            ("hello", None, "echo hi"),
        ],
    );
    let host = format!("Host: 127.0.0.1:{}", server.port);
    let origin = format!("Origin: {}", server.origin());
    // Two runs that wait, each read until it has said its process group.
    let (running, groups): (Vec<TcpStream>, Vec<u32>) = (0..2)
        .map(|_| {
            let mut stream =
                server.send("POST /__run/fake/wait", &[host.clone(), origin.clone()], "");
            let group = client::group_of_waiting_run(&mut stream);
            (stream, group)
        })
        .unzip();
    let third = server.run("/__run/fake/hello");
    assert_eq!(third.status, 429, "{}", third.body);
    // The readers leave: their listings are stopped and a run is accepted again.
    drop(running);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let again = server.run("/__run/fake/hello");
        if again.status == 200 {
            assert!(again.body.ends_with("hi\n"), "{}", again.body);
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no slot freed within 10 s: {}",
            again.status
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // ...with what they started.
    groups.into_iter().for_each(client::assert_group_ends);
}

#[test]
fn a_server_shut_down_mid_run_ends_the_run_with_what_it_started() {
    let server = serve(
        limits(),
        &[("wait", None, "echo waiting in $$; sleep 30 & sleep 30")],
    );
    let mut stream = server.send(
        "POST /__run/fake/wait",
        &[
            format!("Host: 127.0.0.1:{}", server.port),
            format!("Origin: {}", server.origin()),
        ],
        "",
    );
    let group = client::group_of_waiting_run(&mut stream);
    // Dropping the runtime drops the run's task mid-step.
    drop(server);
    client::assert_group_ends(group);
}

#[test]
fn the_real_catalogue_runs_only_declared_listings_with_their_own_arguments() {
    let root = crate::root();
    let target = root.join("target");
    let job = listing_job(&root, &target, "ch02-creating-threads", "spawn-and-join")
        .unwrap()
        .expect("a declared listing");
    assert_eq!(
        job.shown,
        "$ cargo run -p ch02-creating-threads --bin spawn-and-join"
    );
    assert_eq!(job.run.program, target.join("debug/spawn-and-join"));
    let build = job.build.unwrap();
    assert_eq!(
        build.args,
        [
            "build",
            "-p",
            "ch02-creating-threads",
            "--bin",
            "spawn-and-join"
        ]
    );
    // A measurement: release, and the arguments of its listings.toml.
    let crates = listing_check::listing_crates(&root).unwrap();
    let (package, measured) = crates
        .iter()
        .find_map(|c| {
            c.listings
                .iter()
                .find(|l| l.release && !l.args.is_empty())
                .map(|l| (&c.package, l))
        })
        .expect("a release listing with arguments");
    let job = listing_job(&root, &target, package, &measured.bin)
        .unwrap()
        .unwrap();
    assert_eq!(job.run.program, target.join("release").join(&measured.bin));
    assert_eq!(job.run.args, measured.args);
    assert!(job.build.unwrap().args.contains(&"--release".to_string()));
    for (package, bin) in [
        ("ch02-creating-threads", "no-such-bin"),
        ("lab-server", "lab-server"),
        ("xtask", "xtask"),
    ] {
        assert!(
            listing_job(&root, &target, package, bin).unwrap().is_none(),
            "{package}/{bin}"
        );
    }
}

#[test]
fn every_listing_of_the_served_book_names_a_declared_listing_with_its_binary() {
    let root = crate::root();
    let mut book = crate::book::load_with_run_buttons(&root).unwrap();
    let out = tempfile::tempdir().unwrap();
    book.config.build.build_dir = out.path().to_path_buf();
    book.build().unwrap();
    let dir = book.build_dir_for("html");
    let mut ids = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&path).unwrap();
            if html.contains("data-listing=\"") {
                assert!(
                    html.contains("run-listing"),
                    "{} lacks the script",
                    path.display()
                );
            }
            ids.extend(
                html.split("data-listing=\"")
                    .skip(1)
                    .filter_map(|s| s.split('"').next())
                    .map(str::to_string),
            );
        }
    }
    assert!(
        ids.len() > 50,
        "only {} listings with a Run button",
        ids.len()
    );
    let target = root.join("target");
    for id in ids {
        let (package, bin) = id.split_once('/').unwrap();
        let job = listing_job(&root, &target, package, bin).unwrap();
        assert!(job.is_some(), "{id}: no listing of listings.toml");
        let bins = listing_check::binaries_on_disk(&root.join("code").join(package));
        assert!(
            bins.contains(bin),
            "{id}: no such binary in code/{package}/src/bin"
        );
    }
}
