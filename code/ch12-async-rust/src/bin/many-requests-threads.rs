//! The requests of `many-requests`, sent by THREADS blocking threads instead of tasks, timed.
//! Usage: many-requests-threads [REQUESTS] [THREADS] [BASE_URL]   (defaults: 200 requests, 50 threads)
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How long the server waits before answering each request (as in `many-requests`).
const DELAY_MS: u64 = 20;

// ANCHOR: threads
fn run(base: &str, requests: usize, threads: usize) -> Result<(), String> {
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let url = format!("{base}/delay/{DELAY_MS}");
    let next = AtomicUsize::new(0);
    let (ok, in_flight, most_in_flight) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );

    let start = Instant::now();
    thread::scope(|scope| {
        let mut workers = Vec::new();
        for _ in 0..threads {
            let worker = thread::Builder::new().spawn_scoped(scope, || {
                // Each thread takes the next request number until all are taken.
                while next.fetch_add(1, Ordering::Relaxed) < requests {
                    let now = in_flight.fetch_add(1, Ordering::Relaxed) + 1;
                    most_in_flight.fetch_max(now, Ordering::Relaxed);
                    let answer = client.get(&url).send();
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                    match answer {
                        Ok(response) if response.status().is_success() => {
                            ok.fetch_add(1, Ordering::Relaxed);
                        }
                        Ok(_) => {}
                        Err(e) => return Err(format!("a request failed: {e}")),
                    }
                }
                Ok(())
            });
            workers.push(worker.map_err(|e| format!("cannot start a thread: {e}"))?);
        }
        workers
            .into_iter()
            .try_for_each(|w| w.join().expect("a request thread panicked"))
    })?;
    let wall = start.elapsed();

    println!(
        "{requests} requests from {threads} threads, each answered after {DELAY_MS} ms"
    );
    println!("answered 200 OK: {}", ok.load(Ordering::Relaxed));
    println!(
        "most in flight at once: {}",
        most_in_flight.load(Ordering::Relaxed)
    );
    println!("wall time: {:.0} ms", wall.as_secs_f64() * 1000.0);
    println!(
        "no faster than: {} ms (the waits alone, {} rounds of {DELAY_MS} ms)",
        requests.div_ceil(threads) as u64 * DELAY_MS,
        requests.div_ceil(threads)
    );
    println!(
        "requests per second: {:.0}",
        requests as f64 / wall.as_secs_f64()
    );
    Ok(())
}
// ANCHOR_END: threads

fn main() -> ExitCode {
    let Some((requests, threads, url)) = parse_args() else {
        eprintln!(
            "usage: many-requests-threads [REQUESTS] [THREADS] [BASE_URL]   (positive whole numbers; a URL like http://127.0.0.1:8000)"
        );
        return ExitCode::from(2);
    };
    let (base, _server) = match url {
        Some(url) => (url, None),
        None => match lab_server::LabServer::start() {
            Ok(server) => (server.base_url(), Some(server)),
            Err(e) => {
                eprintln!("many-requests-threads: cannot start the lab server: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    if let Err(message) = run(&base, requests, threads) {
        eprintln!("many-requests-threads: {message}");
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

/// `[REQUESTS] [THREADS] [BASE_URL]`, with defaults 200 and 50 and no URL.
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
