//! Seed 004's experiment: N requests to `/delay/{ms}`, one after another and then one thread
//! each, for several N; prints how long each way took and the speed-up.
//! Usage: delay-speedup [DELAY_MS] [N...] [BASE_URL]
//!   DELAY_MS  how long the server waits before answering (default 20, at most 10000)
//!   N...      request counts to try (default 3; each from 1 to 1000)
//!   BASE_URL  a running lab server, e.g. http://127.0.0.1:8000 (default: start one here)
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

const USAGE: &str = "usage: delay-speedup [DELAY_MS] [N...] [BASE_URL]";

fn fetch_status(client: &Client, url: &str) -> Result<u16, reqwest::Error> {
    Ok(client
        .get(url)
        .send()?
        .error_for_status()?
        .status()
        .as_u16())
}

// ANCHOR: main
/// Sends `n` requests to `url` one after another, then `n` at once from `n` threads.
fn both_ways(
    client: &Client,
    url: &str,
    n: usize,
) -> Result<(Duration, Duration), reqwest::Error> {
    let start = Instant::now();
    for _ in 0..n {
        fetch_status(client, url)?;
    }
    let sequential = start.elapsed();

    let start = Instant::now();
    let handles: Vec<_> = (0..n)
        .map(|_| {
            let (client, url) = (client.clone(), url.to_string());
            thread::spawn(move || fetch_status(&client, &url))
        })
        .collect();
    for handle in handles {
        handle.join().expect("a request thread panicked")?;
    }
    Ok((sequential, start.elapsed()))
}

fn table(base: &str, delay_ms: u64, counts: &[usize]) -> Result<(), reqwest::Error> {
    let client = Client::builder().timeout(Duration::from_secs(60)).build()?;
    let url = format!("{base}/delay/{delay_ms}");
    println!("GET /delay/{delay_ms}: the server waits {delay_ms} ms before each answer");
    println!("requests  one thread  one thread each  speed-up");
    for &n in counts {
        let (sequential, threaded) = both_ways(&client, &url, n)?;
        let speed_up = sequential.as_secs_f64() / threaded.as_secs_f64();
        println!(
            "{n:>8}  {:>10}  {:>15}  {speed_up:>7.1}x",
            ms(sequential),
            ms(threaded)
        );
    }
    Ok(())
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (numbers, url) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("delay-speedup: {message}; {USAGE}");
            return ExitCode::from(2);
        }
    };
    let delay_ms = numbers.first().copied().unwrap_or(20);
    let counts: Vec<usize> = match numbers.get(1..) {
        Some(counts) if !counts.is_empty() => {
            counts.iter().map(|&n| n as usize).collect()
        }
        _ => vec![3],
    };
    if delay_ms > 10_000 || counts.iter().any(|n| !(1..=1000).contains(n)) {
        eprintln!(
            "delay-speedup: DELAY_MS must be at most 10000 and each N 1 to 1000; {USAGE}"
        );
        return ExitCode::from(2);
    }
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("delay-speedup: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = table(&base, delay_ms, &counts) {
        eprintln!("delay-speedup: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// Numbers in the order given, and a base URL: any argument that starts with `http://` or
/// `https://`.
fn parse_args(args: &[String]) -> Result<(Vec<u64>, Option<String>), String> {
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
