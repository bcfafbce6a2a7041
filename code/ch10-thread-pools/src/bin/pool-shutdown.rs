use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

// ANCHOR: pool
type Job = Box<dyn FnOnce() + Send + 'static>;

struct Pool {
    workers: Vec<JoinHandle<()>>,
    queue: Option<Sender<Job>>,
    cancelled: Arc<AtomicBool>,
}

impl Pool {
    fn new(size: usize) -> std::io::Result<Pool> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let cancelled = Arc::new(AtomicBool::new(false));
        let mut workers = Vec::new();
        for id in 0..size {
            let (jobs, cancelled) = (Arc::clone(&jobs), Arc::clone(&cancelled));
            workers.push(
                thread::Builder::new()
                    .name(format!("worker-{id}"))
                    .spawn(move || work(&jobs, &cancelled))?,
            );
        }
        Ok(Pool {
            workers,
            queue: Some(queue),
            cancelled,
        })
    }

    /// Queues `f`; the receiver is its handle: the result, or a disconnect if `f` never ran.
    fn submit<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Receiver<T> {
        let (tx, rx) = mpsc::sync_channel(1);
        if let Some(queue) = &self.queue {
            let _ = queue.send(Box::new(move || {
                let _ = tx.send(f());
            }));
        }
        rx
    }

    /// `cancel_futures=True`: jobs still in the queue will be dropped, not run.
    fn cancel_queued(&self) {
        self.cancelled.store(true, Ordering::SeqCst);
    }

    /// `shutdown(wait=True)`: close the queue, then wait for every worker.
    fn shutdown(mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn work(jobs: &Mutex<Receiver<Job>>, cancelled: &AtomicBool) {
    loop {
        let next = jobs.lock().unwrap().recv();
        match next {
            Ok(job) if cancelled.load(Ordering::SeqCst) => drop(job), // never started
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}
// ANCHOR_END: pool

// ANCHOR: main
fn main() {
    let pool = match Pool::new(2) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not start the pool: {e}");
            std::process::exit(1);
        }
    };
    let (started_tx, started) = mpsc::channel();
    let mut gates = Vec::new();
    let mut handles = Vec::new();
    for job in 0..6 {
        let started_tx = started_tx.clone();
        let (gate_tx, gate) = mpsc::channel::<()>();
        gates.push(gate_tx);
        handles.push(pool.submit(move || {
            let _ = started_tx.send(job);
            // Hold the worker until main has cancelled, for at most 5 s.
            let _ = gate.recv_timeout(Duration::from_secs(5));
            job * 10
        }));
    }

    let mut running: Vec<i32> = (0..2)
        .map(|_| {
            started
                .recv_timeout(Duration::from_secs(5))
                .expect("no job started")
        })
        .collect();
    running.sort();
    println!("running: {running:?}; jobs 2 to 5 wait in the queue");

    pool.cancel_queued();
    println!("cancelled the queued jobs");
    for gate in &gates {
        let _ = gate.send(());
    }
    pool.shutdown();
    println!("shutdown returned: every worker has stopped");

    for (job, handle) in handles.iter().enumerate() {
        match handle.recv_timeout(Duration::from_secs(1)) {
            Ok(value) => println!("job {job}: finished, returned {value}"),
            Err(RecvTimeoutError::Disconnected) => {
                println!("job {job}: cancelled, never started")
            }
            Err(RecvTimeoutError::Timeout) => println!("job {job}: still pending"),
        }
    }
    let late_starts: Vec<i32> = started.try_iter().collect();
    println!("jobs that started after the cancel: {late_starts:?}");
}
// ANCHOR_END: main
