//! `abort` cannot stop a task that is running code between two `.await`s: it only marks the
//! task, which runs on until its next `.await` that returns `Pending`, and is dropped there.
use std::process::ExitCode;
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::timeout;

// ANCHOR: main
async fn run() -> Result<(), &'static str> {
    let (started_tx, started) = oneshot::channel();
    let (go, go_rx) = mpsc::channel::<()>();
    let busy = tokio::spawn(async move {
        let _ = started_tx.send(());
        // Blocking code inside a task (the mistake of chapter 12): no `.await` before `yield_now`.
        go_rx
            .recv_timeout(Duration::from_secs(5))
            .map_err(|_| "main never said go")?;
        for step in 1..=3 {
            std::thread::sleep(Duration::from_millis(20));
            println!("busy task: step {step} (no .await, so nothing can stop it here)");
        }
        // The first `.await` since abort() that returns `Pending`: the task is dropped here.
        tokio::task::yield_now().await;
        println!("busy task: after yield_now (never printed)");
        Ok::<_, &'static str>("all three steps and the yield")
    });

    timeout(Duration::from_secs(5), started)
        .await
        .map_err(|_| "the task never started")?
        .map_err(|_| "the task ended before it started")?;
    println!("main: the task is running; abort()");
    busy.abort();
    go.send(()).map_err(|_| "the task is gone")?;

    match timeout(Duration::from_secs(5), busy).await {
        Ok(Ok(outcome)) => println!("main: the task returned normally: {outcome:?}"),
        Ok(Err(e)) => println!("main: JoinError, is_cancelled() = {}", e.is_cancelled()),
        Err(_) => return Err("the task did not finish within 5 s"),
    }
    Ok(())
}

fn main() -> ExitCode {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("cannot build a tokio runtime");
    match runtime.block_on(run()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("abort-blocked-task: {e}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: main
