//! Exercise 3-1: one thread per request to `/status/{code}`, each returning a `Result`; an HTTP
//! error status counts as a failure. The outcomes are reported in the order requested.
//! Usage: solution-status-codes [BASE_URL]
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::Client;

const CODES: [u16; 5] = [200, 404, 500, 201, 503];

/// The status of the answer, or the error that kept the request from getting one.
fn check(client: &Client, url: &str) -> Result<StatusCode, reqwest::Error> {
    Ok(client.get(url).send()?.status())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let url = match parse_url(&args) {
        Ok(url) => url,
        Err(message) => {
            eprintln!("solution-status-codes: {message}");
            return ExitCode::from(2);
        }
    };
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("solution-status-codes: {message}");
            return ExitCode::FAILURE;
        }
    };
    let client = match Client::builder().timeout(Duration::from_secs(30)).build() {
        Ok(client) => client,
        Err(e) => {
            eprintln!("solution-status-codes: {}", one_line(&e));
            return ExitCode::FAILURE;
        }
    };
    let handles: Vec<_> = CODES
        .iter()
        .map(|code| {
            let client = client.clone();
            let url = format!("{base}/status/{code}");
            thread::spawn(move || check(&client, &url))
        })
        .collect();
    let mut failed = 0;
    let mut unreachable = None;
    for (code, handle) in CODES.iter().zip(handles) {
        match handle.join().expect("a request thread panicked") {
            Ok(status) if status.is_success() => {
                println!("GET /status/{code}: ok ({status})")
            }
            Ok(status) => {
                failed += 1;
                println!("GET /status/{code}: failed, the server answered {status}");
            }
            // No answer at all: the server is down or the URL is wrong. Report the first one.
            Err(e) => {
                unreachable.get_or_insert(e);
            }
        }
    }
    if let Some(e) = unreachable {
        eprintln!("solution-status-codes: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{failed} of {} requests failed", CODES.len());
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
