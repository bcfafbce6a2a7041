use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

struct ThreadPool {
    workers: Vec<JoinHandle<()>>,
    queue: Option<Sender<Job>>,
}

impl ThreadPool {
    fn new(size: usize) -> std::io::Result<ThreadPool> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let mut workers = Vec::with_capacity(size);
        for id in 0..size {
            let jobs = Arc::clone(&jobs);
            let worker = thread::Builder::new()
                .name(format!("worker-{id}"))
                .spawn(move || work(&jobs))?;
            workers.push(worker);
        }
        Ok(ThreadPool {
            workers,
            queue: Some(queue),
        })
    }

    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(queue) = &self.queue {
            queue.send(Box::new(job)).expect("every worker has stopped");
        }
    }

    // ANCHOR: map
    /// Runs `f` on every input and returns the outputs in input order, however the jobs
    /// are scheduled; `None` for a job that did not report back within `limit`.
    fn map<I, O, F>(&self, f: F, inputs: Vec<I>, limit: Duration) -> Vec<Option<O>>
    where
        I: Send + 'static,
        O: Send + 'static,
        F: Fn(I) -> O + Send + Sync + 'static,
    {
        let f = Arc::new(f);
        let (tx, rx) = mpsc::channel();
        let count = inputs.len();
        for (index, input) in inputs.into_iter().enumerate() {
            let (f, tx) = (Arc::clone(&f), tx.clone());
            self.execute(move || {
                let _ = tx.send((index, f(input)));
            });
        }
        let mut outputs: Vec<Option<O>> = (0..count).map(|_| None).collect();
        for _ in 0..count {
            match rx.recv_timeout(limit) {
                Ok((index, output)) => outputs[index] = Some(output),
                Err(_) => break,
            }
        }
        outputs
    }
    // ANCHOR_END: map
}

fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        let next = jobs.lock().unwrap().recv();
        match next {
            Ok(job) => job(),
            Err(_) => return,
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

// ANCHOR: main
fn main() {
    let pool = match ThreadPool::new(3) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not start the pool: {e}");
            std::process::exit(1);
        }
    };
    // The first inputs sleep longest, so the jobs finish roughly in reverse order.
    let inputs: Vec<u64> = vec![6, 5, 4, 3, 2, 1];
    let squares = pool.map(
        |n| {
            thread::sleep(Duration::from_millis(n * 15));
            n * n
        },
        inputs.clone(),
        Duration::from_secs(5),
    );
    for (n, square) in inputs.iter().zip(&squares) {
        match square {
            Some(square) => println!("{n}^2 = {square}"),
            None => println!("{n}^2: no result"),
        }
    }
}
// ANCHOR_END: main
