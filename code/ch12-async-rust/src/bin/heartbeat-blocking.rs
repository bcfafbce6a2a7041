//! A heartbeat task on a one-thread runtime, and four ways to do 200 ms of work beside it:
//! blocking calls run on the runtime's thread stop the heartbeat; handed to other threads
//! (`spawn_blocking`, rayon), they do not.
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio::time::MissedTickBehavior;

/// How long each piece of blocking work lasts.
const WORK: Duration = Duration::from_millis(200);

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
async fn heartbeat(beats: Arc<AtomicU32>) {
    let mut every = tokio::time::interval(Duration::from_millis(10));
    every.set_missed_tick_behavior(MissedTickBehavior::Skip); // after a stall, no burst
    loop {
        every.tick().await;
        beats.fetch_add(1, Ordering::Relaxed);
    }
}

/// Heartbeats counted while `section` ran.
async fn beats_during<F: Future>(beats: &AtomicU32, section: F) -> u32 {
    tokio::time::sleep(Duration::from_millis(30)).await; // let the heartbeat settle first
    let before = beats.load(Ordering::Relaxed);
    section.await;
    beats.load(Ordering::Relaxed) - before
}
// ANCHOR_END: heartbeat

// ANCHOR: main
async fn run() {
    let beats = Arc::new(AtomicU32::new(0));
    tokio::spawn(heartbeat(beats.clone()));

    let n = beats_during(&beats, async { std::thread::sleep(WORK) }).await;
    println!("std::thread::sleep on the runtime thread:   {n:>2} heartbeats");

    let n = beats_during(&beats, async {
        tokio::task::spawn_blocking(|| std::thread::sleep(WORK))
            .await
            .unwrap();
    })
    .await;
    println!("the same sleep in spawn_blocking:           {n:>2} heartbeats");

    let n = beats_during(&beats, async {
        busy_for(WORK);
    })
    .await;
    println!("CPU work on the runtime thread:             {n:>2} heartbeats");

    let n = beats_during(&beats, async {
        let (send, receive) = oneshot::channel();
        rayon::spawn(move || {
            let _ = send.send(busy_for(WORK));
        });
        receive
            .await
            .expect("the rayon job ended without an answer");
    })
    .await;
    println!("the same CPU work on rayon, via a oneshot:  {n:>2} heartbeats");
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    runtime.block_on(run());
    println!(
        "(one heartbeat every 10 ms; each piece of work lasts {} ms)",
        WORK.as_millis()
    );
}
// ANCHOR_END: main
