//! Giving up on a slow request: `tokio::time::timeout`, and `select!` racing it against a
//! cancel signal. Either way the losing future is dropped, and dropping it cancels the request.
//! Usage: timeout-select [BASE_URL]   (without a URL it starts the book's lab server itself)
use std::process::ExitCode;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};

// ANCHOR: main
async fn run(base: &str) -> Result<(), reqwest::Error> {
    let client = reqwest::Client::new();

    // 1. A deadline: the server waits 300 ms, we wait at most 100.
    let slow = client.get(format!("{base}/delay/300")).send();
    match timeout(Duration::from_millis(100), slow).await {
        Ok(answer) => println!("timeout: answered first, {}", answer?.status()),
        Err(_elapsed) => {
            println!("timeout: no answer within 100 ms; the request was dropped")
        }
    }

    // 2. The same within the deadline: 10 ms of delay, 2 s of patience.
    let quick = client.get(format!("{base}/delay/10")).send();
    match timeout(Duration::from_secs(2), quick).await {
        Ok(answer) => println!("timeout: answered in time, {}", answer?.status()),
        Err(_elapsed) => println!("timeout: no answer within 2 s"),
    }

    // 3. A cancel button: another task says "stop" after 50 ms.
    let (cancel, cancelled) = oneshot::channel::<()>();
    tokio::spawn(async move {
        sleep(Duration::from_millis(50)).await;
        let _ = cancel.send(());
    });
    let slow = client.get(format!("{base}/delay/300")).send();
    tokio::select! {
        answer = slow => println!("select!: the request won, {}", answer?.status()),
        _ = cancelled => println!("select!: cancelled after 50 ms; the request was dropped"),
    }
    Ok(())
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (base, _server) = match args.as_slice() {
        [] => match lab_server::LabServer::start() {
            Ok(server) => (server.base_url(), Some(server)),
            Err(e) => {
                eprintln!("timeout-select: cannot start the lab server: {e}");
                return ExitCode::FAILURE;
            }
        },
        [url] if url.starts_with("http://") => {
            (url.trim_end_matches('/').to_string(), None)
        }
        _ => {
            eprintln!("usage: timeout-select [BASE_URL]   (e.g. http://127.0.0.1:8000)");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    match runtime.block_on(run(&base)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("timeout-select: {e}");
            ExitCode::FAILURE
        }
    }
}
