//! `try_recv` never waits; its error says whether a message may still come (`Empty`) or
//! never will (`Disconnected`).
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::thread;

// ANCHOR: main
fn poll(when: &str, receiver: &Receiver<&str>) {
    match receiver.try_recv() {
        Ok(message) => println!("{when:<15}: got {message:?}"),
        Err(TryRecvError::Empty) => {
            println!("{when:<15}: Empty, a sender may still send")
        }
        Err(TryRecvError::Disconnected) => {
            println!("{when:<15}: Disconnected, empty and every sender gone")
        }
    }
}

fn main() {
    let (sender, receiver) = mpsc::channel();
    poll("before the send", &receiver);
    let producer = thread::spawn(move || sender.send("done").unwrap());
    // The thread owned the only sender; it is dropped when the thread ends.
    producer.join().unwrap();
    poll("after the join", &receiver);
    poll("once more", &receiver);
}
// ANCHOR_END: main
