//! What a runtime's shutdown does to the work still on it: an async task is dropped at its
//! `.await`; a `spawn_blocking` closure cannot be stopped, so `shutdown_timeout` gives up on it
//! and leaves it running.
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::oneshot;

/// Prints when the async task that owns it is dropped.
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        println!("async task: dropped at its .await by the shutdown");
    }
}

// ANCHOR: main
fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    let (go, go_rx) = mpsc::channel::<()>();
    let (done_tx, done) = mpsc::channel::<()>();

    let started = runtime.block_on(async {
        let (parked_tx, parked) = oneshot::channel();
        tokio::spawn(async {
            let _guard = Guard;
            let _ = parked_tx.send(());
            tokio::time::sleep(Duration::from_secs(10)).await;
            println!("async task: woke up (never printed)");
        });
        if parked.await.is_err() {
            return false;
        }
        let (started_tx, started) = oneshot::channel();
        tokio::task::spawn_blocking(move || {
            let _ = started_tx.send(());
            // Waits for main, at most 5 s: a blocking call that no runtime can interrupt.
            let _ = go_rx.recv_timeout(Duration::from_secs(5));
            println!("blocking job: finished, after the runtime had gone");
            let _ = done_tx.send(());
        });
        started.await.is_ok()
    });
    if !started {
        eprintln!("runtime-shutdown: a task never started");
        return ExitCode::FAILURE;
    }

    println!("main: shutdown_timeout(100 ms)");
    runtime.shutdown_timeout(Duration::from_millis(100));
    println!("main: shutdown_timeout returned; the blocking job is still running");

    let _ = go.send(());
    if done.recv_timeout(Duration::from_secs(5)).is_err() {
        eprintln!("runtime-shutdown: the blocking job did not finish within 5 s");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: main
