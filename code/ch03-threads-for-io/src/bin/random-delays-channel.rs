//! The same five downloads without a lock: each thread sends its file's content through a
//! channel, and the main thread receives the contents in the order the downloads finished.
//! Usage: random-delays-channel [SEED] [BASE_URL]
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use reqwest::blocking::Client;

/// Five delays from 60 to 300 ms in an order chosen by `seed` (a xorshift generator shuffles
/// them): the same seed gives the same order on every run, another seed another order.
fn shuffled_delays(mut seed: u64) -> Vec<u64> {
    let mut delays = vec![60, 120, 180, 240, 300];
    for i in (1..delays.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        delays.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    delays
}

fn download(client: &Client, url: &str) -> Result<Vec<u8>, reqwest::Error> {
    let response = client.get(url).send()?.error_for_status()?;
    Ok(response.bytes()?.to_vec())
}

/// The "content" of a lab-server file: its first line, which is the file's name.
fn first_line(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .lines()
        .next()
        .unwrap_or("")
        .to_string()
}

// ANCHOR: main
fn download_all(
    client: &Client,
    base: &str,
    delays: &[u64],
) -> Result<Vec<String>, reqwest::Error> {
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for (i, &delay) in delays.iter().enumerate() {
            let name = format!("file_{}.txt", i + 1);
            let url = format!("{base}/files/{name}?bytes=64&delay_ms={delay}");
            let sender = sender.clone();
            println!("started  {name} (the server takes {delay} ms)");
            scope.spawn(move || {
                let content = download(client, &url).map(|body| first_line(&body));
                // `receiver` lives until the scope has joined this thread: no send fails.
                sender.send(content).unwrap();
            });
        }
        drop(sender);
        println!("waiting for the results...");
        let mut contents = Vec::new();
        for content in &receiver {
            let content = content?;
            println!("received {content}");
            contents.push(content);
        }
        Ok(contents)
    })
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (seed, url) = match parse_args(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!(
                "random-delays-channel: {message}; usage: random-delays-channel [SEED] [BASE_URL]"
            );
            return ExitCode::from(2);
        }
    };
    let (base, _server) = match server(url) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("random-delays-channel: {message}");
            return ExitCode::FAILURE;
        }
    };
    let result = Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .and_then(|client| download_all(&client, &base, &shuffled_delays(seed)));
    match result {
        Ok(contents) => {
            println!("contents: {contents:?}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("random-delays-channel: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// An optional seed (default 7) and an optional base URL (an argument starting with `http://`
/// or `https://`).
fn parse_args(args: &[String]) -> Result<(u64, Option<String>), String> {
    let mut seed = None;
    let mut url = None;
    for arg in args {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            if url.replace(arg.trim_end_matches('/').to_string()).is_some() {
                return Err("more than one base URL".into());
            }
        } else {
            let number =
                arg.parse::<u64>().ok().filter(|&n| n != 0).ok_or_else(|| {
                    format!(
                        "`{arg}` is neither a seed (a number above 0) nor an http:// URL"
                    )
                })?;
            if seed.replace(number).is_some() {
                return Err("more than one seed".into());
            }
        }
    }
    Ok((seed.unwrap_or(7), url))
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
