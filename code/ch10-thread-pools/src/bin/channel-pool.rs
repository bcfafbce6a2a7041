use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

// ANCHOR: pool
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
}

fn work(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The guard is dropped at the end of this statement, before the job runs.
        let next = jobs.lock().unwrap().recv();
        match next {
            Ok(job) => job(),
            Err(_) => return, // queue closed and empty
        }
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        drop(self.queue.take());
        for worker in self.workers.drain(..) {
            let name = worker.thread().name().unwrap_or("worker").to_string();
            match worker.join() {
                Ok(()) => println!("{name} stopped"),
                Err(_) => println!("{name} stopped after a job panicked"),
            }
        }
    }
}
// ANCHOR_END: pool

// ANCHOR: main
fn count_words(line: &str) -> usize {
    line.split_whitespace().count()
}

fn main() {
    let lines = [
        "a pool keeps its threads",
        "between jobs",
        "so each job costs a message",
        "not a thread",
    ];
    let pool = match ThreadPool::new(2) {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not start the pool: {e}");
            std::process::exit(1);
        }
    };

    let (results_tx, results) = mpsc::channel();
    for (index, line) in lines.iter().copied().enumerate() {
        let results_tx = results_tx.clone();
        pool.execute(move || {
            let _ = results_tx.send((index, count_words(line)));
        });
    }

    let mut counts = vec![0; lines.len()];
    for _ in 0..lines.len() {
        let (index, words) = results
            .recv_timeout(Duration::from_secs(5))
            .expect("a job did not report back");
        counts[index] = words;
    }
    for (line, words) in lines.iter().zip(&counts) {
        println!("{words} words: {line}");
    }
    println!("dropping the pool");
    drop(pool);
    println!("done");
}
// ANCHOR_END: main
