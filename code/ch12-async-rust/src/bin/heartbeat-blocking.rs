//! A heartbeat task on a one-thread runtime, and four ways to do 200 ms of work beside it:
//! blocking calls run on the runtime's thread stop the heartbeat for as long as they last;
//! handed to other threads (`spawn_blocking`, rayon), they do not.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::time::MissedTickBehavior;

/// How long each piece of blocking work lasts.
const WORK: Duration = Duration::from_millis(200);
/// How often the heartbeat should beat.
const PERIOD: Duration = Duration::from_millis(10);

// ANCHOR: work
/// CPU work: spins for `length`, summing as it goes, and returns how many rounds it did.
fn busy_for(length: Duration) -> u64 {
    let start = Instant::now();
    let mut rounds: u64 = 0;
    while start.elapsed() < length {
        rounds = std::hint::black_box(rounds + 1);
    }
    rounds
}
// ANCHOR_END: work

// ANCHOR: heartbeat
/// Notes the moment of every beat, one every `PERIOD`.
async fn heartbeat(beats: Arc<Mutex<Vec<Instant>>>) {
    let mut every = tokio::time::interval(PERIOD);
    every.set_missed_tick_behavior(MissedTickBehavior::Skip); // after a stall, no burst
    loop {
        every.tick().await;
        beats.lock().unwrap().push(Instant::now());
    }
}

/// Runs `section`; returns the beats while it ran, and the longest gap between two beats,
/// from the last beat before it to the first beat after it.
async fn beats_during<F: Future>(
    beats: &Mutex<Vec<Instant>>,
    section: F,
) -> (usize, Duration) {
    tokio::time::sleep(3 * PERIOD).await; // let the heartbeat settle first
    let start = Instant::now();
    section.await;
    let end = Instant::now();
    tokio::time::sleep(3 * PERIOD).await; // and beat again after the section
    let beats = beats.lock().unwrap();
    let during = beats.iter().filter(|&&t| t > start && t < end).count();
    let first = beats.iter().rposition(|&t| t <= start).unwrap_or(0);
    let last = beats
        .iter()
        .position(|&t| t >= end)
        .unwrap_or(beats.len() - 1);
    let longest = beats[first..=last]
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .max()
        .unwrap_or_default();
    (during, longest)
}
// ANCHOR_END: heartbeat

fn report(what: &str, (beats, longest): (usize, Duration)) {
    println!("{what:<44}{beats:>5}  {:>8} ms", longest.as_millis());
}

// ANCHOR: main
async fn run() {
    let beats = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(heartbeat(beats.clone()));
    println!(
        "{:<44}{:>5}  {:>11}",
        "200 ms of work:", "beats", "longest gap"
    );

    let section = beats_during(&beats, async { std::thread::sleep(WORK) });
    report("std::thread::sleep on the runtime thread:", section.await);

    let section = beats_during(&beats, async {
        tokio::task::spawn_blocking(|| std::thread::sleep(WORK))
            .await
            .unwrap();
    });
    report("the same sleep in spawn_blocking:", section.await);

    let section = beats_during(&beats, async {
        busy_for(WORK);
    });
    report("CPU work on the runtime thread:", section.await);

    let section = beats_during(&beats, async {
        let (send, receive) = oneshot::channel();
        rayon::spawn(move || {
            let _ = send.send(busy_for(WORK));
        });
        receive
            .await
            .expect("the rayon job ended without an answer");
    });
    report("the same CPU work on rayon, via a oneshot:", section.await);
}

fn main() {
    if std::env::args().len() > 1 {
        eprintln!("usage: heartbeat-blocking   (no arguments)");
        std::process::exit(2);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    runtime.block_on(run());
    println!(
        "(one thread; one heartbeat expected every {} ms; each piece of work lasts {} ms)",
        PERIOD.as_millis(),
        WORK.as_millis()
    );
    println!("{}", lab_server::machine());
}
// ANCHOR_END: main
