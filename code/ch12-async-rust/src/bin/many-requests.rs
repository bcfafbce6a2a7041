//! Many requests to the lab server as tasks on one thread, at most LIMIT in flight, timed.
//! Usage: many-requests [REQUESTS] [LIMIT] [BASE_URL]   (defaults: 200 requests, 50 in flight)
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// How long the server waits before answering each request.
const DELAY_MS: u64 = 20;

// ANCHOR: requests
async fn run(base: &str, requests: usize, limit: usize) -> Result<(), String> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let permits = Arc::new(Semaphore::new(limit));
    let in_flight = Arc::new(AtomicUsize::new(0));
    let most_in_flight = Arc::new(AtomicUsize::new(0));
    let url = format!("{base}/delay/{DELAY_MS}");

    let start = Instant::now();
    let mut tasks = JoinSet::new();
    for _ in 0..requests {
        // Waits here while `limit` requests are out; a finished one hands its permit back.
        let permit = permits.clone().acquire_owned().await.unwrap();
        let (client, url) = (client.clone(), url.clone());
        let (in_flight, most_in_flight) = (in_flight.clone(), most_in_flight.clone());
        tasks.spawn(async move {
            let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            most_in_flight.fetch_max(now, Ordering::Relaxed);
            let answer = client.get(&url).send().await;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
            answer.map(|response| response.status().is_success())
        });
    }
    let mut ok = 0;
    while let Some(done) = tasks.join_next().await {
        match done.expect("a request task panicked") {
            Ok(true) => ok += 1,
            Ok(false) => {}
            Err(e) => return Err(format!("a request failed: {e}")),
        }
    }
    let wall = start.elapsed();

    println!(
        "{requests} requests, at most {limit} in flight, each answered after {DELAY_MS} ms"
    );
    println!("answered 200 OK: {ok}");
    println!(
        "most in flight at once: {}",
        most_in_flight.load(Ordering::Relaxed)
    );
    println!("wall time: {:.0} ms", wall.as_secs_f64() * 1000.0);
    println!(
        "no faster than: {} ms (the waits alone, {} rounds of {DELAY_MS} ms)",
        requests.div_ceil(limit) as u64 * DELAY_MS,
        requests.div_ceil(limit)
    );
    println!(
        "requests per second: {:.0}",
        requests as f64 / wall.as_secs_f64()
    );
    Ok(())
}
// ANCHOR_END: requests

fn main() -> ExitCode {
    let Some((requests, limit, url)) = parse_args() else {
        eprintln!(
            "usage: many-requests [REQUESTS] [LIMIT] [BASE_URL]   (positive whole numbers; a URL like http://127.0.0.1:8000)"
        );
        return ExitCode::from(2);
    };
    let (base, _server) = match url {
        Some(url) => (url, None),
        None => match lab_server::LabServer::start() {
            Ok(server) => (server.base_url(), Some(server)),
            Err(e) => {
                eprintln!("many-requests: cannot start the lab server: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    if let Err(message) = runtime.block_on(run(&base, requests, limit)) {
        eprintln!("many-requests: {message}");
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// `[REQUESTS] [LIMIT] [BASE_URL]`, with defaults 200 and 50 and no URL.
fn parse_args() -> Option<(usize, usize, Option<String>)> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (numbers, urls): (Vec<&String>, Vec<&String>) =
        args.iter().partition(|a| !a.starts_with("http://"));
    if urls.len() > 1 || numbers.len() > 2 {
        return None;
    }
    let number = |i: usize, default: usize| -> Option<usize> {
        match numbers.get(i) {
            None => Some(default),
            Some(text) => text.parse().ok().filter(|&n| n > 0),
        }
    };
    let url = urls.first().map(|u| u.trim_end_matches('/').to_string());
    Some((number(0, 200)?, number(1, 50)?, url))
}
