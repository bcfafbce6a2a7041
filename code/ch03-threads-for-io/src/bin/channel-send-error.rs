//! `send` fails once the receiver is gone, and hands the value back inside the error.
use std::sync::mpsc::{self, SendError};
use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    let (sender, receiver) = mpsc::channel::<String>();
    let consumer = thread::spawn(move || {
        let first = receiver.recv_timeout(Duration::from_secs(5));
        println!("consumer: took {first:?}, then returned (dropping the receiver)");
    });
    sender.send(String::from("first report")).unwrap();
    consumer.join().unwrap();

    match sender.send(String::from("second report")) {
        Ok(()) => println!("main: sent"),
        Err(SendError(report)) => {
            println!("main: no receiver; send gave back {report:?}")
        }
    }
}
// ANCHOR_END: main
