//! Exercise 3-2: every wait bounded. Three threads ask for `/delay/{ms}` with a client that
//! gives up after 400 ms; the slow request is reported as timed out instead of holding the
//! program for two seconds.
//! Usage: solution-timeout [BASE_URL]
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use reqwest::blocking::Client;

const DELAYS_MS: [u64; 3] = [50, 2000, 100];
const TIMEOUT: Duration = Duration::from_millis(400);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = match parse_url(&args) {
        Ok(url) => url,
        Err(message) => {
            eprintln!("solution-timeout: {message}");
            return ExitCode::from(2);
        }
    };
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("solution-timeout: {message}");
            return ExitCode::FAILURE;
        }
    };
    let client = match Client::builder().timeout(TIMEOUT).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("solution-timeout: {}", one_line(&e));
            return ExitCode::FAILURE;
        }
    };
    let handles: Vec<_> = DELAYS_MS
        .iter()
        .map(|ms| {
            let client = client.clone();
            let url = format!("{base}/delay/{ms}");
            thread::spawn(move || {
                client.get(&url).send().and_then(|r| r.error_for_status())
            })
        })
        .collect();
    let mut unreachable = None;
    for (ms, handle) in DELAYS_MS.iter().zip(handles) {
        match handle.join().expect("a request thread panicked") {
            Ok(response) => println!("GET /delay/{ms}: {}", response.status()),
            Err(e) if e.is_timeout() => {
                println!("GET /delay/{ms}: gave up after {} ms", TIMEOUT.as_millis())
            }
            // No answer at all: the server is down or the URL is wrong. Report the first one.
            Err(e) => {
                unreachable.get_or_insert(e);
            }
        }
    }
    if let Some(e) = unreachable {
        eprintln!("solution-timeout: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// The optional base URL argument.
fn parse_url(args: &[String]) -> Result<Option<String>, String> {
    match args {
        [] => Ok(None),
        [url] if url.starts_with("http://") || url.starts_with("https://") => {
            Ok(Some(url.trim_end_matches('/').to_string()))
        }
        _ => Err(
            "expected at most one argument, a base URL such as http://127.0.0.1:8000"
                .into(),
        ),
    }
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
