//! Three downloads at once, as tasks on one thread, timed.
//! Usage: async-download-three [BASE_URL]   (without a URL it starts the book's lab server itself)
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

// ANCHOR: download
/// The three files, and how long the server waits before sending each one (milliseconds).
const FILES: [(&str, u64); 3] =
    [("file1.txt", 50), ("file2.txt", 150), ("file3.txt", 100)];

async fn download(
    client: reqwest::Client,
    name: &'static str,
    url: String,
    start: Instant,
) -> Result<usize, reqwest::Error> {
    println!(
        "  {name}: started at {} on thread {}",
        ms(start.elapsed()),
        thread_name()
    );
    let response = client.get(&url).send().await?.error_for_status()?;
    let body = response.bytes().await?;
    println!(
        "  {name}: finished at {} on thread {}",
        ms(start.elapsed()),
        thread_name()
    );
    Ok(body.len())
}
// ANCHOR_END: download

// ANCHOR: main
async fn run(base: &str) -> Result<(), reqwest::Error> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()?;
    let start = Instant::now();
    let mut downloads = JoinSet::new();
    for (name, delay) in FILES {
        let url = format!("{base}/files/{name}?delay_ms={delay}");
        downloads.spawn(download(client.clone(), name, url, start));
    }
    let mut total_bytes = 0;
    while let Some(finished) = downloads.join_next().await {
        total_bytes += finished.expect("a download task panicked")?;
    }
    let wall = start.elapsed();

    let slowest = FILES.iter().map(|(_, delay)| delay).max().unwrap();
    let sum: u64 = FILES.iter().map(|(_, delay)| delay).sum();
    println!("all three: {total_bytes} bytes in {}", ms(wall));
    println!("slowest server delay: {slowest} ms; delays added up: {sum} ms");
    Ok(())
}

/// One runtime on this thread: `block_on` runs `run` and every task it spawns, here.
fn on_this_thread(base: &str) -> Result<(), reqwest::Error> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    runtime.block_on(run(base))
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, _server) = match base_url(&args) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("async-download-three: {message}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = on_this_thread(&base) {
        eprintln!("async-download-three: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// The name of the thread running the caller ("main" for the program's first thread).
fn thread_name() -> String {
    std::thread::current()
        .name()
        .unwrap_or("unnamed")
        .to_string()
}

/// The server to talk to: the URL given, or a lab server started here (kept alive by the guard).
fn base_url(args: &[String]) -> Result<(String, Option<lab_server::LabServer>), String> {
    match args {
        [] => {
            let server = lab_server::LabServer::start()
                .map_err(|e| format!("cannot start the lab server: {e}"))?;
            Ok((server.base_url(), Some(server)))
        }
        [url] if url.starts_with("http://") => {
            Ok((url.trim_end_matches('/').to_string(), None))
        }
        _ => Err(
            "usage: async-download-three [BASE_URL]   (e.g. http://127.0.0.1:8000)"
                .into(),
        ),
    }
}

/// A duration in whole milliseconds, for printing.
fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1000.0)
}

/// An error and its causes on one line.
fn one_line(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        line.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    line
}
