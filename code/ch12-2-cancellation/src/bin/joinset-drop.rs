//! Dropping a `JoinSet` aborts every task still in it; dropping a plain `JoinHandle` does not:
//! that task runs on, detached.
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep};

/// Prints when the task that owns it is dropped before it finished its work.
struct Job {
    name: String,
    done: bool,
}

impl Drop for Job {
    fn drop(&mut self) {
        if !self.done {
            println!("  {} dropped before it finished", self.name);
        }
    }
}

async fn work(name: String, millis: u64, start: Instant) -> String {
    let mut job = Job { name, done: false };
    sleep(Duration::from_millis(millis)).await;
    job.done = true;
    println!("{:>4} ms  {} finished", ms(start), job.name);
    job.name.clone()
}

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let detached = tokio::spawn(work("detached task".into(), 200, start));
    drop(detached);

    let mut set = JoinSet::new();
    for (i, millis) in [100, 200, 300].into_iter().enumerate() {
        set.spawn(work(format!("set task {}", i + 1), millis, start));
    }
    if let Some(Ok(first)) = set.join_next().await {
        println!(
            "{:>4} ms  main: {first} came back; dropping the set",
            ms(start)
        );
    }
    drop(set);

    sleep(Duration::from_millis(400)).await;
    println!("{:>4} ms  main: done", ms(start));
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
