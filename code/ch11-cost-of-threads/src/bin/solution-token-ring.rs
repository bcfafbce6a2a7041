use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
const PATIENCE: Duration = Duration::from_secs(5);
const HOPS: u64 = 20_000;

/// Passes a counter around a ring of `size` threads until it has made `HOPS` hops.
/// Returns the hops counted and the hops per second.
fn ring(size: usize) -> Result<(u64, f64), String> {
    let (first_tx, mut previous_rx): (Sender<u64>, Receiver<u64>) = mpsc::channel();
    let mut handles = Vec::new();
    for _ in 1..size {
        let (tx, rx) = mpsc::channel::<u64>();
        let inbox = previous_rx;
        previous_rx = rx;
        let spawned = thread::Builder::new().spawn(move || {
            // Forward the token until the ring is torn down (or nothing comes for 5 s).
            while let Ok(token) = inbox.recv_timeout(PATIENCE) {
                if tx.send(token + 1).is_err() {
                    break;
                }
            }
        });
        handles.push(spawned.map_err(|e| format!("Builder::spawn failed: {e}"))?);
    }
    // The main thread closes the ring: it reads from the last thread and writes to the first.
    let start = Instant::now();
    let mut token = 0;
    while token < HOPS {
        first_tx.send(token + 1).map_err(|_| "the ring broke")?;
        token = previous_rx
            .recv_timeout(PATIENCE)
            .map_err(|_| "the token was lost")?;
    }
    let rate = token as f64 / start.elapsed().as_secs_f64();
    drop(first_tx);
    for handle in handles {
        let _ = handle.join();
    }
    Ok((token, rate))
}

fn rings(max: usize) {
    let mut size = 2;
    loop {
        match ring(size) {
            Ok((hops, rate)) => {
                println!("ring of {size:>5} threads: {hops} hops, {rate:>9.0} hops/s")
            }
            Err(e) => {
                eprintln!("ring of {size}: {e}");
                std::process::exit(1);
            }
        }
        if size >= max {
            break;
        }
        size = (size * 10).min(max);
    }
}
// ANCHOR_END: main

fn main() {
    let max: usize = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 10,
        Some(Ok(n)) if (2..=2_000).contains(&n) => n,
        Some(_) => {
            eprintln!("usage: solution-token-ring [THREADS]  (2 to 2000; default 10)");
            std::process::exit(2);
        }
    };
    println!("{}", lab_server::machine());
    rings(max);
}
