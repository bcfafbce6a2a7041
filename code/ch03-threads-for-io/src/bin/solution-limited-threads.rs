//! Exercise 3-3: N downloads with at most K threads at a time, in batches of K.
//! Usage: solution-limited-threads [N] [K] [DELAY_MS] [BASE_URL]
//!   N         number of downloads (default 10, at most 1000)
//!   K         threads at a time (default 3, from 1 to N)
//!   DELAY_MS  how long the server takes to answer each one (default 20, at most 10000)
//!   BASE_URL  a running lab server, e.g. http://127.0.0.1:8000 (default: start one here)
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

const USAGE: &str = "usage: solution-limited-threads [N] [K] [DELAY_MS] [BASE_URL]";

fn download(client: &Client, url: &str) -> Result<Vec<u8>, reqwest::Error> {
    let response = client.get(url).send()?.error_for_status()?;
    Ok(response.bytes()?.to_vec())
}

/// Downloads every URL, `k` at a time: each batch of `k` threads ends before the next starts.
fn in_batches(
    client: &Client,
    urls: &[String],
    k: usize,
) -> Result<Vec<Vec<u8>>, reqwest::Error> {
    let mut bodies = Vec::new();
    for batch in urls.chunks(k) {
        let batch_bodies: Vec<_> = thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|url| scope.spawn(move || download(client, url)))
                .collect();
            handles
                .into_iter()
                .map(|handle| handle.join().expect("a download thread panicked"))
                .collect::<Result<_, _>>()
        })?;
        bodies.extend(batch_bodies);
    }
    Ok(bodies)
}

fn run(base: &str, n: usize, k: usize, delay_ms: u64) -> Result<(), reqwest::Error> {
    let client = Client::builder().timeout(Duration::from_secs(60)).build()?;
    let names: Vec<String> = (1..=n).map(|i| format!("part-{i}.bin")).collect();
    let urls: Vec<String> = names
        .iter()
        .map(|name| format!("{base}/files/{name}?bytes=4096&delay_ms={delay_ms}"))
        .collect();
    let start = Instant::now();
    let bodies = in_batches(&client, &urls, k)?;
    let elapsed = start.elapsed();
    let batches = n.div_ceil(k);
    let correct = names
        .iter()
        .zip(&bodies)
        .all(|(name, body)| *body == lab_server::file_body(name, 4096));
    println!("{n} downloads, at most {k} threads at a time: {batches} batches");
    println!(
        "took {}, predicted about {batches} x {delay_ms} ms",
        ms(elapsed)
    );
    println!("every body correct and in order: {correct}");
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (numbers, url) = match parse_args(&args, &[10, 3, 20]) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("solution-limited-threads: {message}; {USAGE}");
            return ExitCode::from(2);
        }
    };
    let (n, k, delay_ms) = (numbers[0] as usize, numbers[1] as usize, numbers[2]);
    if !(1..=1000).contains(&n) || !(1..=n).contains(&k) || delay_ms > 10_000 {
        eprintln!(
            "solution-limited-threads: N must be 1 to 1000, K 1 to N, DELAY_MS at most 10000; {USAGE}"
        );
        return ExitCode::from(2);
    }
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("solution-limited-threads: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = run(&base, n, k, delay_ms) {
        eprintln!("solution-limited-threads: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// Numbers in the order given (missing ones take `defaults`), and a base URL: any argument that
/// starts with `http://` or `https://`.
fn parse_args(
    args: &[String],
    defaults: &[u64],
) -> Result<(Vec<u64>, Option<String>), String> {
    let mut numbers = Vec::new();
    let mut url = None;
    for arg in args {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            if url.replace(arg.trim_end_matches('/').to_string()).is_some() {
                return Err("more than one base URL".into());
            }
        } else {
            numbers.push(arg.parse::<u64>().map_err(|_| {
                format!("`{arg}` is neither a number nor an http:// URL")
            })?);
        }
    }
    if numbers.len() > defaults.len() {
        return Err("too many numbers".into());
    }
    numbers.extend_from_slice(&defaults[numbers.len()..]);
    Ok((numbers, url))
}

/// The server to talk to: the URL given, or a lab server started here (kept alive by the guard).
fn server(
    url: Option<String>,
) -> Result<(String, Option<lab_server::LabServer>), String> {
    match url {
        Some(url) => Ok((url, None)),
        None => {
            let server = lab_server::LabServer::start()
                .map_err(|e| format!("cannot start the lab server: {e}"))?;
            Ok((server.base_url(), Some(server)))
        }
    }
}

/// A duration in whole milliseconds, for printing.
fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// An error and its causes on one line ("error sending request ...: connection refused").
fn one_line(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    line
}
