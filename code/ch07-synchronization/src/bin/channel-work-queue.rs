use std::sync::mpsc::{self, TrySendError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: backpressure
fn show_back_pressure() {
    let (tx, rx) = mpsc::sync_channel::<u32>(2); // room for two items
    for job in 1..=3 {
        match tx.try_send(job) {
            Ok(()) => println!("job {job}: queued"),
            Err(TrySendError::Full(job)) => {
                println!("job {job}: queue full, a sender would wait")
            }
            Err(TrySendError::Disconnected(_)) => unreachable!("the receiver is alive"),
        }
    }
    println!("receiver takes {:?}", rx.recv().unwrap());
    println!("job 3 again: {:?}", tx.try_send(3));
}
// ANCHOR_END: backpressure

// ANCHOR: main
fn main() {
    show_back_pressure();

    let jobs = 100;
    let (job_tx, job_rx) = mpsc::sync_channel::<u32>(4);
    let job_rx = Arc::new(Mutex::new(job_rx)); // one queue, several workers take from it
    let (done_tx, done_rx) = mpsc::channel::<u32>();

    for _ in 0..3 {
        let job_rx = Arc::clone(&job_rx);
        let done_tx = done_tx.clone();
        thread::spawn(move || {
            loop {
                // The guard is a temporary: the lock is released before the job runs.
                let job = job_rx.lock().unwrap().recv();
                let Ok(job) = job else { break }; // all senders gone: no more work
                done_tx.send(job).unwrap();
            }
        });
    }
    drop(done_tx); // only the workers hold senders now

    thread::spawn(move || {
        for job in 0..jobs {
            job_tx.send(job).unwrap(); // blocks while 4 jobs are waiting
        }
    }); // `job_tx` drops: the workers' `recv` returns Err once the queue is empty

    let mut seen = vec![0u32; jobs as usize];
    while let Ok(job) = done_rx.recv_timeout(Duration::from_secs(5)) {
        seen[job as usize] += 1;
    }
    let once = seen.iter().filter(|&&n| n == 1).count();
    println!("{jobs} jobs sent, {once} processed exactly once");
}
// ANCHOR_END: main
