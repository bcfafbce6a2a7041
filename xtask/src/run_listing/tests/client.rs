//! The endpoint served on a loopback port with made-up listings, and a plain HTTP/1.1 client.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use super::super::*;

/// Every read of a test waits at most this long.
const READ_LIMIT: Duration = Duration::from_secs(20);

pub struct Server {
    pub port: u16,
    pub runtime: tokio::runtime::Runtime,
}

fn sh(script: &str) -> Step {
    Step {
        program: "sh".into(),
        args: vec!["-c".into(), script.into()],
    }
}

/// Serves the endpoint with these listings of the crate `fake`, by name.
pub fn serve(limits: Limits, jobs: &[(&str, Option<&str>, &str)]) -> Server {
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

pub fn limits() -> Limits {
    Limits {
        run_time: Duration::from_secs(10),
        build_time: Duration::from_secs(10),
        output: 64 * 1024,
        concurrent: 2,
    }
}

pub struct Answer {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

impl Server {
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Sends a request; `headers` are written as given (Host and Origin among them).
    pub fn send(&self, request_line: &str, headers: &[String], body: &str) -> TcpStream {
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

    pub fn request(&self, request_line: &str, headers: &[String], body: &str) -> Answer {
        let mut stream = self.send(request_line, headers, body);
        let mut bytes = Vec::new();
        stream
            .read_to_end(&mut bytes)
            .expect("the answer within READ_LIMIT");
        parse(&bytes)
    }

    /// A POST from the book's own page.
    pub fn run(&self, path: &str) -> Answer {
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

/// Reads a run's answer until its listing has printed `waiting in <its process group>`.
pub fn group_of_waiting_run(stream: &mut TcpStream) -> u32 {
    let mut seen = Vec::new();
    let mut byte = [0];
    loop {
        stream.read_exact(&mut byte).expect("the run starts");
        seen.push(byte[0]);
        let text = String::from_utf8_lossy(&seen);
        if let Some((_, group)) = text.split_once("waiting in ")
            && let Some(group) = group.strip_suffix('\n')
        {
            return group.trim().parse().unwrap();
        }
    }
}

/// Waits, at most 10 s, until no process of the process group `group` is left running.
pub fn assert_group_ends(group: u32) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !living_in_group(group).is_empty() {
        assert!(
            std::time::Instant::now() < deadline,
            "still running in group {group}: {:?}",
            living_in_group(group)
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The processes of process group `group` that have not ended (zombies, ended but not yet
/// reaped, do not count), from /proc.
pub fn living_in_group(group: u32) -> Vec<u32> {
    let mut living = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // pid (comm) state ppid pgrp ...: comm may hold spaces, so read after its ')'.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        if fields.get(2) == Some(&group.to_string().as_str())
            && fields.first() != Some(&"Z")
        {
            living.push(pid);
        }
    }
    living
}
