//! Three downloads, one after another and then on three threads, timed.
//! Usage: download-three [BASE_URL]   (without a URL it starts the book's lab server itself)
use std::process::ExitCode;
use std::thread;
use std::time::{Duration, Instant};

use reqwest::blocking::Client;

// ANCHOR: sequential
/// The three files, and how long the server takes to send each one (milliseconds).
const FILES: [(&str, u64); 3] =
    [("file1.txt", 50), ("file2.txt", 150), ("file3.txt", 100)];

fn download(client: &Client, url: &str) -> Result<Vec<u8>, reqwest::Error> {
    let response = client.get(url).send()?.error_for_status()?;
    Ok(response.bytes()?.to_vec())
}

fn run(base: &str) -> Result<(), reqwest::Error> {
    let client = Client::builder().timeout(Duration::from_secs(30)).build()?;
    let urls: Vec<String> = FILES
        .iter()
        .map(|(name, delay)| format!("{base}/files/{name}?delay_ms={delay}"))
        .collect();

    println!("one after another:");
    let start = Instant::now();
    let mut first_bodies = Vec::new();
    for (url, (name, _)) in urls.iter().zip(FILES) {
        let body = download(&client, url)?;
        println!("  {name}: {} bytes at {}", body.len(), ms(start.elapsed()));
        first_bodies.push(body);
    }
    let sequential = start.elapsed();
    // ANCHOR_END: sequential

    // ANCHOR: threaded
    println!("three threads:");
    let start = Instant::now();
    let mut handles = Vec::new();
    for (url, (name, _)) in urls.into_iter().zip(FILES) {
        let client = client.clone();
        handles.push(thread::spawn(move || {
            println!("  {name}: started at {}", ms(start.elapsed()));
            let body = download(&client, &url);
            println!("  {name}: finished at {}", ms(start.elapsed()));
            body
        }));
    }
    let mut second_bodies = Vec::new();
    for handle in handles {
        second_bodies.push(handle.join().expect("a download thread panicked")?);
    }
    let threaded = start.elapsed();

    let slowest = FILES.iter().map(|(_, delay)| delay).max().unwrap();
    let sum: u64 = FILES.iter().map(|(_, delay)| delay).sum();
    println!(
        "one after another: {:>7}  (server delays add up to {sum} ms)",
        ms(sequential)
    );
    println!(
        "three threads:     {:>7}  (slowest server delay: {slowest} ms)",
        ms(threaded)
    );
    let speed_up = sequential.as_secs_f64() / threaded.as_secs_f64();
    println!("speed-up:          {speed_up:>7.2}x");
    println!("same bodies both ways: {}", first_bodies == second_bodies);
    Ok(())
}
// ANCHOR_END: threaded

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, _server) = match base_url(&args) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("download-three: {message}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = run(&base) {
        eprintln!("download-three: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// The server to talk to: the URL given, or a lab server started here (kept alive by the guard).
fn base_url(args: &[String]) -> Result<(String, Option<lab_server::LabServer>), String> {
    match args {
        [] => {
            let server = lab_server::LabServer::start()
                .map_err(|e| format!("cannot start the lab server: {e}"))?;
            Ok((server.base_url(), Some(server)))
        }
        [url] if url.starts_with("http://") || url.starts_with("https://") => {
            Ok((url.trim_end_matches('/').to_string(), None))
        }
        _ => {
            Err("usage: download-three [BASE_URL]   (e.g. http://127.0.0.1:8000)".into())
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
