//! A heartbeat on a runtime with two worker threads, beside a task that blocks one worker for
//! 200 ms: the heartbeat moves on the other worker, but a task the blocked one has just spawned
//! waits in its LIFO slot until the blocking ends. Handing the blocking work off fixes both.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::time::MissedTickBehavior;

/// How long the blocking work lasts.
const WORK: Duration = Duration::from_millis(200);
/// How often the heartbeat should beat.
const PERIOD: Duration = Duration::from_millis(10);

async fn heartbeat(beats: Arc<Mutex<Vec<Instant>>>) {
    let mut every = tokio::time::interval(PERIOD);
    every.set_missed_tick_behavior(MissedTickBehavior::Skip);
    loop {
        every.tick().await;
        beats.lock().unwrap().push(Instant::now());
    }
}

/// What one blocking task saw: when it spawned its helper, when its work ended, and when the
/// helper first ran.
struct Run {
    spawned: Instant,
    work_done: Instant,
    helper_ran: Instant,
}

// ANCHOR: blocker
/// Spawns a task that spawns a helper, then does `work`: the helper only notes when it runs.
async fn blocker(work: impl Future<Output = ()> + Send + 'static) -> Run {
    let task = tokio::spawn(async move {
        let spawned = Instant::now();
        let helper = tokio::spawn(async { Instant::now() });
        work.await;
        (spawned, Instant::now(), helper)
    });
    let (spawned, work_done, helper) = task.await.expect("the blocking task panicked");
    let helper_ran = helper.await.expect("the helper panicked");
    Run {
        spawned,
        work_done,
        helper_ran,
    }
}
// ANCHOR_END: blocker

fn report(what: &str, run: &Run, beats: &Mutex<Vec<Instant>>) {
    let beats = beats.lock().unwrap();
    let during: Vec<&Instant> = beats
        .iter()
        .filter(|&&t| t > run.spawned && t < run.work_done)
        .collect();
    let longest = during.windows(2).map(|p| *p[1] - *p[0]).max();
    let waited = run.helper_ran.saturating_duration_since(run.spawned);
    let when = if run.helper_ran >= run.work_done {
        "after work"
    } else {
        "during work"
    };
    println!(
        "{what:<36}{:>10} ms  {when:>11}  {:>5}  {:>8} ms",
        waited.as_millis(),
        during.len(),
        longest.unwrap_or_default().as_millis()
    );
}

// ANCHOR: main
async fn run() {
    let beats = Arc::new(Mutex::new(Vec::new()));
    tokio::spawn(heartbeat(beats.clone()));
    tokio::time::sleep(3 * PERIOD).await;
    println!(
        "{:<36}{:>13}  {:>11}  {:>5}  {:>11}",
        "spawn a helper, then 200 ms of:",
        "helper waited",
        "helper ran",
        "beats",
        "longest gap"
    );

    let blocked = blocker(async { std::thread::sleep(WORK) }).await;
    report("std::thread::sleep in the task:", &blocked, &beats);

    let offloaded = blocker(async {
        tokio::task::spawn_blocking(|| std::thread::sleep(WORK))
            .await
            .unwrap();
    });
    report(
        "the same sleep in spawn_blocking:",
        &offloaded.await,
        &beats,
    );

    let in_place = blocker(async {
        tokio::task::block_in_place(|| std::thread::sleep(WORK));
    });
    report("the same sleep in block_in_place:", &in_place.await, &beats);
}

fn main() {
    if std::env::args().len() > 1 {
        eprintln!("usage: heartbeat-two-workers   (no arguments)");
        std::process::exit(2);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    runtime.block_on(run());
    println!(
        "(two worker threads; one heartbeat expected every {} ms; the work lasts {} ms)",
        PERIOD.as_millis(),
        WORK.as_millis()
    );
    println!("{}", lab_server::machine());
}
// ANCHOR_END: main
