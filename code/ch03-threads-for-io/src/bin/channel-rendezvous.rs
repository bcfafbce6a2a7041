//! A `sync_channel(0)` holds no message: a send completes only when a receive takes the value.
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn main() {
    let (sender, receiver) = mpsc::sync_channel::<&str>(0);
    // Nobody is waiting in a receive, and the channel has no room: refused at once.
    println!(
        "try_send, no receiver waiting: {:?}",
        sender.try_send("early")
    );

    let pause = Duration::from_millis(100);
    let start = Instant::now();
    let producer = thread::spawn(move || {
        sender.send("hand-over").unwrap();
        start.elapsed()
    });
    thread::sleep(pause);
    // No timeout needed: the producer always reaches its send (or, panicking, drops the sender).
    let received = receiver.recv();
    let send_returned_after = producer.join().unwrap();
    println!("main received {received:?} after a {pause:?} pause");
    println!(
        "the send returned only after the receive: {}",
        send_returned_after >= pause
    );
}
// ANCHOR_END: main
