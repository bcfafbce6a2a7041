//! The endpoint over real HTTP on a loopback port, with `sh` commands in place of listings so
//! that a slow, a flooding or a failing listing can be had on demand.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::*;

/// Every read of a test waits at most this long.
const READ_LIMIT: Duration = Duration::from_secs(20);

struct Server {
    port: u16,
    runtime: tokio::runtime::Runtime,
}

fn sh(script: &str) -> Step {
    Step {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
    }
}

/// Serves the endpoint with these listings of the crate `fake`, by name.
fn serve(limits: Limits, jobs: &[(&str, Option<&str>, &str)]) -> Server {
    let jobs: HashMap<String, Job> = jobs
        .iter()
        .map(|(bin, build, run)| {
            let job = Job {
                shown: format!("$ cargo run -p fake --bin {bin}"),
                build: build.map(sh),
                run: sh(run),
                dir: std::env::temp_dir(),
            };
            (bin.to_string(), job)
        })
        .collect();
    let catalogue: Catalogue = Arc::new(move |package, bin| {
        Ok((package == "fake")
            .then(|| jobs.get(bin).cloned())
            .flatten())
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = router(RunState::new(catalogue, limits, port));
    runtime.spawn(async move { axum::serve(listener, app).await });
    Server { port, runtime }
}

fn limits() -> Limits {
    Limits {
        run_time: Duration::from_secs(10),
        build_time: Duration::from_secs(10),
        output: 64 * 1024,
        concurrent: 2,
    }
}

struct Answer {
    status: u16,
    headers: String,
    body: String,
}

impl Server {
    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends a request; `headers` are written as given (Host and Origin among them).
    fn send(&self, request_line: &str, headers: &[String], body: &str) -> TcpStream {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(READ_LIMIT)).unwrap();
        let mut request = format!("{request_line} HTTP/1.1\r\n");
        for header in headers {
            request.push_str(&format!("{header}\r\n"));
        }
        request.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ));
        stream.write_all(request.as_bytes()).unwrap();
        stream
    }

    fn request(&self, request_line: &str, headers: &[String], body: &str) -> Answer {
        let mut stream = self.send(request_line, headers, body);
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .expect("the answer within READ_LIMIT");
        parse(&bytes)
    }

    /// A POST from the book's own page.
    fn run(&self, path: &str) -> Answer {
        let host = format!("Host: 127.0.0.1:{}", self.port);
        let origin = format!("Origin: {}", self.origin());
        self.request(&format!("POST {path}"), &[host, origin], "")
    }
}

/// Status, headers and (de-chunked) body of an HTTP/1.1 answer.
fn parse(bytes: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, rest) = text.split_once("\r\n\r\n").expect("a complete head");
    let status = head[9..12].parse().unwrap();
    let mut body = String::new();
    if head.to_lowercase().contains("transfer-encoding: chunked") {
        let mut rest = rest;
        while let Some((size, after)) = rest.split_once("\r\n") {
            let size = usize::from_str_radix(size.trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            body.push_str(&after[..size]);
            rest = &after[size + 2..];
        }
    } else {
        body.push_str(rest);
    }
    Answer {
        status,
        headers: head.to_string(),
        body,
    }
}

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
    let server = serve(
        short,
        &[("slow", None, "echo started; sleep 30 & sleep 30")],
    );
    let started = Instant::now();
    let answer = server.run("/__run/fake/slow");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert!(answer.body.contains("started\n"), "{}", answer.body);
    assert!(
        answer
            .body
            .ends_with("[the listing stopped: it ran for 1 s, the limit]\n"),
        "{}",
        answer.body
    );
}

#[test]
fn output_beyond_the_cap_stops_the_listing() {
    let mut small = limits();
    small.output = 10_000;
    let server = serve(small, &[("flood", None, "yes")]);
    let answer = server.run("/__run/fake/flood");
    let shown = "$ cargo run -p fake --bin flood\n".len();
    let note = answer.body.rfind('[').unwrap();
    assert_eq!(note - shown, 10_000, "{} bytes", answer.body.len());
    assert!(
        answer
            .body
            .ends_with("[the listing stopped: it printed 9 KiB, the limit]\n")
    );
}

#[test]
fn a_run_beyond_the_concurrency_cap_is_429_and_a_reader_leaving_frees_its_slot() {
    let server = serve(
        limits(),
        &[
            ("wait", None, "echo waiting; sleep 30"),
            ("hello", None, "echo hi"),
        ],
    );
    let host = format!("Host: 127.0.0.1:{}", server.port);
    let origin = format!("Origin: {}", server.origin());
    // Two runs that wait, each read until it has started.
    let running: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut stream =
                server.send("POST /__run/fake/wait", &[host.clone(), origin.clone()], "");
            let mut seen = Vec::new();
            let mut byte = [0];
            while !String::from_utf8_lossy(&seen).contains("waiting") {
                stream.read_exact(&mut byte).expect("the run starts");
                seen.push(byte[0]);
            }
            stream
        })
        .collect();
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
}

#[test]
fn requests_from_elsewhere_are_refused_with_403() {
    let server = serve(limits(), &[("hello", None, "echo the-listing-ran")]);
    let port = server.port;
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "a foreign Host (DNS rebinding)",
            vec![
                format!("Host: attacker.example:{port}"),
                format!("Origin: http://attacker.example:{port}"),
            ],
        ),
        (
            "another port",
            vec![
                format!("Host: 127.0.0.1:{}", port + 1),
                format!("Origin: http://127.0.0.1:{}", port + 1),
            ],
        ),
        ("no Host", vec![format!("Origin: http://127.0.0.1:{port}")]),
        (
            "a foreign Origin",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                "Origin: https://attacker.example".into(),
            ],
        ),
        (
            "Origin null",
            vec![format!("Host: 127.0.0.1:{port}"), "Origin: null".into()],
        ),
        ("no Origin", vec![format!("Host: 127.0.0.1:{port}")]),
        (
            "the other loopback name",
            vec![
                format!("Host: 127.0.0.1:{port}"),
                format!("Origin: http://localhost:{port}"),
            ],
        ),
    ];
    for (what, headers) in cases {
        let answer = server.request("POST /__run/fake/hello", &headers, "");
        assert_eq!(answer.status, 403, "{what}: {}", answer.body);
        assert!(
            !answer.body.contains("the-listing-ran"),
            "{what} ran the listing"
        );
    }
    let by_name = server.request(
        "POST /__run/fake/hello",
        &[
            format!("Host: localhost:{port}"),
            format!("Origin: http://localhost:{port}"),
        ],
        "",
    );
    assert_eq!(by_name.status, 200, "{}", by_name.body);
    assert!(
        by_name.body.ends_with("the-listing-ran\n"),
        "{}",
        by_name.body
    );
}

#[test]
fn bad_requests_are_4xx() {
    let server = serve(limits(), &[("hello", None, "echo hi")]);
    let host = format!("Host: 127.0.0.1:{}", server.port);
    let origin = format!("Origin: {}", server.origin());
    let headers = [host, origin];
    let get = server.request("GET /__run/fake/hello", &headers, "");
    assert_eq!(get.status, 405);
    assert!(
        get.headers.to_lowercase().contains("allow: post"),
        "{}",
        get.headers
    );
    assert_eq!(server.run("/__run/fake/no-such-listing").status, 404);
    assert_eq!(server.run("/__run/other-crate/hello").status, 404);
    for path in [
        "/__run",
        "/__run/",
        "/__run/fake",
        "/__run/fake/hello/more",
        "/__run/fake/hello?arg=1",
        "/__run/fake/..%2Fhello",
        "/__run/Fake/hello",
    ] {
        let answer = server.run(path);
        assert_eq!(answer.status, 400, "{path}: {}", answer.body);
    }
    let with_body = server.request("POST /__run/fake/hello", &headers, "fn main() {}");
    assert_eq!(with_body.status, 400, "{}", with_body.body);
    drop(server.runtime);
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
            "--quiet",
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
