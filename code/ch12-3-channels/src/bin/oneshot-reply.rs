//! A `oneshot` channel carries one answer from one task to another. The receiver sees `Ok` with
//! the answer, or `Err(RecvError)` if the sender was dropped without answering; a sender whose
//! receiver is gone gets its value back from `send`.
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};

// ANCHOR: ask
/// Asks a task how many places are laid at `table`; the answer comes back through `oneshot`.
/// The task takes `lookup` to answer, and knows only tables 1 to 10.
fn ask(table: u32, lookup: Duration) -> (oneshot::Receiver<u32>, JoinHandle<()>) {
    let (reply, answer) = oneshot::channel();
    let task = tokio::spawn(async move {
        sleep(lookup).await;
        if !(1..=10).contains(&table) {
            return; // no such table: `reply` is dropped without a word
        }
        if let Err(places) = reply.send(4) {
            println!(
                "  task: nobody is waiting for my answer ({places} places) any more"
            );
        }
    });
    (answer, task)
}
// ANCHOR_END: ask

// ANCHOR: main
#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let lookup = Duration::from_millis(100);
    let patience = Duration::from_millis(250);

    let (answer, _) = ask(3, lookup);
    println!("table 3:  {:?}", timeout(patience, answer).await);

    let (answer, _) = ask(42, lookup);
    println!("table 42: {:?}", timeout(patience, answer).await);

    let (answer, task) = ask(7, Duration::from_millis(400));
    println!("table 7:  {:?}", timeout(patience, answer).await);
    let _ = timeout(Duration::from_secs(1), task).await; // let the task try its `send`
}
// ANCHOR_END: main
