//! `recv` reports an error once the channel is empty and every sender is gone: that is how a
//! receiving loop learns that no more messages will come.
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() -> ExitCode {
    let (sender, receiver) = mpsc::channel();
    let worker_sender = sender.clone();
    let producer = thread::spawn(move || {
        for n in 1..=3 {
            worker_sender.send(n).unwrap();
        }
    });
    // Main's own sender would keep the channel open forever: drop it.
    drop(sender);
    loop {
        match receiver.recv_timeout(Duration::from_secs(5)) {
            Ok(n) => println!("received {n}"),
            Err(RecvTimeoutError::Disconnected) => {
                println!("disconnected: the channel is empty and every sender is gone");
                break;
            }
            Err(RecvTimeoutError::Timeout) => {
                eprintln!(
                    "channel-disconnected: no message for 5 s, yet a sender is alive"
                );
                return ExitCode::FAILURE;
            }
        }
    }
    producer.join().unwrap();
    ExitCode::SUCCESS
}
// ANCHOR_END: main
