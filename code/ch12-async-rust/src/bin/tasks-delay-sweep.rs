//! Chapter 3's delay experiment with tasks instead of threads: N requests at once, one thread.
//! Usage: tasks-delay-sweep [DELAY_MS N...] [--url BASE_URL]
//! (without a URL it starts the book's lab server itself)
use std::process::ExitCode;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

// ANCHOR: main
/// Sends `n` requests to `/delay/{delay_ms}` at once, as tasks, and returns the wall time.
async fn all_at_once(
    client: &reqwest::Client,
    base: &str,
    delay_ms: u64,
    n: usize,
) -> Result<Duration, reqwest::Error> {
    let start = Instant::now();
    let mut requests = JoinSet::new();
    for _ in 0..n {
        let request = client.get(format!("{base}/delay/{delay_ms}")).send();
        requests.spawn(async move { request.await?.error_for_status() });
    }
    while let Some(done) = requests.join_next().await {
        done.expect("a request task panicked")?;
    }
    Ok(start.elapsed())
}

async fn run(base: &str, delay_ms: u64, counts: &[usize]) -> Result<(), reqwest::Error> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()?;
    println!("GET /delay/{delay_ms}: the server waits {delay_ms} ms before each answer");
    println!("requests  one task each (all on one thread)");
    for &n in counts {
        let wall = all_at_once(&client, base, delay_ms, n).await?;
        println!("{n:>8}  {:>10.0} ms", wall.as_secs_f64() * 1000.0);
    }
    Ok(())
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (numbers, url) = match args.iter().position(|a| a == "--url") {
        Some(at) if at + 2 == args.len() => (&args[..at], Some(args[at + 1].clone())),
        Some(_) => return usage("--url takes one BASE_URL, last"),
        None => (&args[..], None),
    };
    let numbers: Vec<u64> = match numbers.iter().map(|a| a.parse()).collect() {
        Ok(numbers) => numbers,
        Err(_) => return usage("DELAY_MS and N must be whole numbers"),
    };
    let (delay_ms, counts) = match numbers.split_first() {
        None => (20, vec![3, 5]),
        Some((&delay, counts)) if !counts.is_empty() && counts.iter().all(|&n| n > 0) => {
            (delay, counts.iter().map(|&n| n as usize).collect())
        }
        Some(_) => return usage("give a delay and at least one request count above 0"),
    };
    if delay_ms > lab_server::MAX_DELAY_MS || counts.iter().any(|&n| n > 1000) {
        return usage("at most 10000 ms of delay and 1000 requests");
    }
    let server = match url {
        Some(_) => None,
        None => match lab_server::LabServer::start() {
            Ok(server) => Some(server),
            Err(e) => {
                eprintln!("tasks-delay-sweep: cannot start the lab server: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let base = url
        .or_else(|| server.as_ref().map(|s| s.base_url()))
        .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    if let Err(e) = runtime.block_on(run(base.trim_end_matches('/'), delay_ms, &counts)) {
        eprintln!("tasks-delay-sweep: {}", one_line(&e));
        return ExitCode::FAILURE;
    }
    println!("{}", lab_server::machine());
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "tasks-delay-sweep: {problem}; usage: tasks-delay-sweep [DELAY_MS N...] [--url BASE_URL]"
    );
    ExitCode::from(2)
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
