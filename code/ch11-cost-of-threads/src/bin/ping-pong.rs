use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
const PATIENCE: Duration = Duration::from_secs(5);

fn play(rounds: u32) {
    // Baseline: the same sends and receives on one thread, so no thread ever waits.
    let (tx, rx) = mpsc::channel::<u32>();
    let start = Instant::now();
    for i in 0..rounds {
        tx.send(i).unwrap();
        let _ = rx.recv_timeout(PATIENCE);
        tx.send(i).unwrap();
        let _ = rx.recv_timeout(PATIENCE);
    }
    let alone = f64::from(rounds) / start.elapsed().as_secs_f64();

    // Two threads: each message must wake the other thread, usually asleep in the kernel by then.
    let (ping_tx, ping_rx) = mpsc::channel::<u32>();
    let (pong_tx, pong_rx) = mpsc::channel::<u32>();
    let partner = thread::spawn(move || {
        while let Ok(ball) = ping_rx.recv_timeout(PATIENCE) {
            if pong_tx.send(ball).is_err() {
                break;
            }
        }
    });
    let start = Instant::now();
    let mut returned = 0;
    for i in 0..rounds {
        ping_tx.send(i).unwrap();
        if pong_rx.recv_timeout(PATIENCE) == Ok(i) {
            returned += 1;
        }
    }
    let between = f64::from(rounds) / start.elapsed().as_secs_f64();
    drop(ping_tx);
    let _ = partner.join();

    println!("{rounds} round trips, {returned} balls came back");
    println!("on one thread:      {alone:>12.0} round trips/s");
    println!(
        "between 2 threads:  {between:>12.0} round trips/s ({:.2} µs each)",
        1e6 / between
    );
    println!(
        "waking the other thread makes each round trip {:.0} times slower",
        alone / between
    );
}
// ANCHOR_END: main

fn main() {
    let rounds: u32 = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 10_000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: ping-pong [ROUNDS]  (a positive number; default 10000)");
            std::process::exit(2);
        }
    };
    println!("{}", lab_server::machine());
    play(rounds);
}
