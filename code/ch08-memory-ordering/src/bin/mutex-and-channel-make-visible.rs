use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
/// The worker pushes three numbers, each under the lock; main reads them under the lock too,
/// before it joins the worker.
fn through_a_mutex() -> Vec<u32> {
    let shared = Arc::new(Mutex::new(Vec::new()));
    let worker = {
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            for i in 1..=3 {
                shared.lock().unwrap().push(i * 10); // unlocked at the end of the statement
            }
        })
    };
    let deadline = Instant::now() + Duration::from_secs(5);
    let seen = loop {
        let numbers = shared.lock().unwrap();
        if numbers.len() == 3 {
            break numbers.clone();
        }
        drop(numbers);
        assert!(
            Instant::now() < deadline,
            "the worker never pushed 3 numbers"
        );
        thread::yield_now();
    };
    worker.join().unwrap();
    seen
}

/// The worker fills a vector that no other thread can see, then sends it.
fn through_a_channel() -> Vec<u32> {
    let (sender, receiver) = mpsc::channel();
    let worker = thread::spawn(move || {
        let batch: Vec<u32> = (1..=3).map(|i| i * 100).collect();
        sender.send(batch).unwrap();
    });
    let batch = receiver
        .recv_timeout(Duration::from_secs(5))
        .expect("the worker sent nothing");
    worker.join().unwrap();
    batch
}

fn main() {
    println!(
        "read under the lock, before the join: {:?}",
        through_a_mutex()
    );
    println!(
        "received, before the join:           {:?}",
        through_a_channel()
    );
}
// ANCHOR_END: main
