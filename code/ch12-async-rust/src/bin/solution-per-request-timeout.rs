//! Exercise 12-2: three downloads at once, each with its own 150 ms deadline for the whole
//! download (headers and body); the slow one is given up on and the others are kept.
//! Usage: solution-per-request-timeout [BASE_URL]
use std::process::ExitCode;
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::timeout;

const DEADLINE: Duration = Duration::from_millis(150);

// ANCHOR: main
async fn fetch(client: reqwest::Client, url: String) -> String {
    // One deadline for the whole download: the headers (`send`) and the body (`bytes`).
    let download = async {
        let response = client.get(&url).send().await?;
        response.bytes().await
    };
    match timeout(DEADLINE, download).await {
        Ok(Ok(body)) => format!("{} bytes", body.len()),
        Ok(Err(e)) => format!("failed: {e}"),
        Err(_) => format!("gave up after {} ms", DEADLINE.as_millis()),
    }
}

async fn run(base: &str) {
    let client = reqwest::Client::new();
    let files = [("file1.txt", 10), ("file2.txt", 300), ("file3.txt", 20)];
    let mut downloads = JoinSet::new();
    for (name, delay) in files {
        let url = format!("{base}/files/{name}?delay_ms={delay}");
        let client = client.clone();
        downloads.spawn(async move { (name, fetch(client, url).await) });
    }
    let mut results = Vec::new();
    while let Some(done) = downloads.join_next().await {
        results.push(done.expect("a download task panicked"));
    }
    results.sort();
    for (name, outcome) in results {
        println!("{name}: {outcome}");
    }
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, _server) = match args.as_slice() {
        [] => match lab_server::LabServer::start() {
            Ok(server) => (server.base_url(), Some(server)),
            Err(e) => {
                eprintln!(
                    "solution-per-request-timeout: cannot start the lab server: {e}"
                );
                return ExitCode::FAILURE;
            }
        },
        [url] if url.starts_with("http://") => {
            (url.trim_end_matches('/').to_string(), None)
        }
        _ => {
            eprintln!("usage: solution-per-request-timeout [BASE_URL]");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    runtime.block_on(run(&base));
    ExitCode::SUCCESS
}
