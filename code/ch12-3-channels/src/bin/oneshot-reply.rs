//! A `oneshot` channel carries one answer from one task to another. The receiver sees `Ok` with
//! the answer, or `Err(RecvError)` if the sender was dropped without answering; a sender whose
//! receiver is gone gets its value back from `send`.
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep, timeout};

// ANCHOR: ask
/// Asks a task how many places are laid at `table`; the answer comes back through `oneshot`.
/// The task takes `lookup` to answer, knows only tables 1 to 10, and prints times from `start`.
fn ask(
    table: u32,
    lookup: Duration,
    start: Instant,
) -> (oneshot::Receiver<u32>, JoinHandle<()>) {
    let (reply, answer) = oneshot::channel();
    let task = tokio::spawn(async move {
        sleep(lookup).await;
        if !(1..=10).contains(&table) {
            return; // no such table: `reply` is dropped without a word
        }
        if let Err(places) = reply.send(4) {
            println!(
                "{:>4} ms  task: nobody is waiting for my answer ({places} places) any more",
                ms(start)
            );
        }
    });
    (answer, task)
}
// ANCHOR_END: ask

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let lookup = Duration::from_millis(100);
    let patience = Duration::from_millis(250);

    let (answer, _) = ask(3, lookup, start);
    let result = timeout(patience, answer).await;
    println!("{:>4} ms  table 3:  {result:?}", ms(start));

    let (answer, _) = ask(42, lookup, start);
    let result = timeout(patience, answer).await;
    println!("{:>4} ms  table 42: {result:?}", ms(start));

    let (answer, task) = ask(7, Duration::from_millis(400), start);
    let result = timeout(patience, answer).await;
    println!("{:>4} ms  table 7:  {result:?}", ms(start));
    let _ = timeout(Duration::from_secs(1), task).await; // let the task try its `send`
}
// ANCHOR_END: main

/// Milliseconds since `start` on tokio's clock (paused here, so the numbers are exact).
fn ms(start: Instant) -> u128 {
    start.elapsed().as_millis()
}
