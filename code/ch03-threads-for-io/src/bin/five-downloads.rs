//! The same N downloads, first on one thread and then on N threads, both timed in one run.
//! Usage: five-downloads [N] [DELAY_MS] [BASE_URL]
//!   N         number of downloads (default 5, at most 1000)
//!   DELAY_MS  how long the server takes to answer each one (default 20, at most 10000)
//!   BASE_URL  a running lab server, e.g. http://127.0.0.1:8000 (default: start one here)
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

const USAGE: &str = "usage: five-downloads [N] [DELAY_MS] [BASE_URL]";

// ANCHOR: main
fn download(client: &Client, url: &str) -> Result<Vec<u8>, reqwest::Error> {
    let response = client.get(url).send()?.error_for_status()?;
    Ok(response.bytes()?.to_vec())
}

fn one_thread(client: &Client, urls: &[String]) -> Result<Vec<Vec<u8>>, reqwest::Error> {
    urls.iter().map(|url| download(client, url)).collect()
}

fn one_thread_each(
    client: &Client,
    urls: &[String],
) -> Result<Vec<Vec<u8>>, reqwest::Error> {
    let handles: Vec<_> = urls
        .iter()
        .map(|url| {
            let (client, url) = (client.clone(), url.clone());
            thread::spawn(move || download(&client, &url))
        })
        .collect();
    handles
        .into_iter()
        .map(|handle| handle.join().expect("a download thread panicked"))
        .collect()
}

fn compare(base: &str, n: usize, delay_ms: u64) -> Result<(), reqwest::Error> {
    let client = Client::builder().timeout(Duration::from_secs(60)).build()?;
    let urls: Vec<String> = (1..=n)
        .map(|i| format!("{base}/files/page-{i}.html?bytes=16384&delay_ms={delay_ms}"))
        .collect();

    let start = Instant::now();
    let sequential_bodies = one_thread(&client, &urls)?;
    let sequential = start.elapsed();

    let start = Instant::now();
    let threaded_bodies = one_thread_each(&client, &urls)?;
    let threaded = start.elapsed();

    let speed_up = sequential.as_secs_f64() / threaded.as_secs_f64();
    println!("{n} downloads of 16384 bytes, the server waits {delay_ms} ms before each");
    println!("one thread:       {:>9}", ms(sequential));
    println!("{n:>4} threads:     {:>9}", ms(threaded));
    println!("speed-up:         {speed_up:>8.2}x");
    println!("same bodies: {}", sequential_bodies == threaded_bodies);
    Ok(())
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (numbers, url) = match parse_args(&args, &[5, 20]) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("five-downloads: {message}; {USAGE}");
            return ExitCode::from(2);
        }
    };
    let (n, delay_ms) = (numbers[0] as usize, numbers[1]);
    if !(1..=1000).contains(&n) || delay_ms > 10_000 {
        eprintln!(
            "five-downloads: N must be 1 to 1000 and DELAY_MS at most 10000; {USAGE}"
        );
        return ExitCode::from(2);
    }
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("five-downloads: {message}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = compare(&base, n, delay_ms) {
        eprintln!("five-downloads: {}", one_line(&e));
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
