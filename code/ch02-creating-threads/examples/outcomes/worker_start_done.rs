//! The worker-start-done listing, with its lines written to a shared log instead of the
//! terminal (so that loom sees each one as a step of its thread). On real threads it keeps the
//! listing's 200 ms sleep, so the counts are those of the program the book shows; each run
//! then takes 200 ms, hence at most `MAX_RUNS` of them.

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

#[cfg(feature = "loom")]
use loom::{
    sync::{Arc, Mutex},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::{Arc, Mutex},
    thread,
};

pub const MODEL: Model = Model {
    name: "worker-start-done",
    what: "two workers each log `on` then `done`, and main joins both; the outcome is the \
           order of the four lines",
    checker: "loom",
    sampler: "the same code on std threads, each worker sleeping 200 ms between its two \
             lines, as the listing does (at most 100 runs: each takes 200 ms)",
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs.min(MAX_RUNS)),
};

/// Real runs at most: each one sleeps the listing's 200 ms.
#[cfg(not(feature = "loom"))]
const MAX_RUNS: u64 = 100;

fn worker(number: u8, log: &Mutex<Vec<String>>) {
    log.lock().unwrap().push(format!("{number} on"));
    // loom does not model time: a sleep would change nothing it explores.
    #[cfg(not(feature = "loom"))]
    thread::sleep(std::time::Duration::from_millis(200));
    log.lock().unwrap().push(format!("{number} done"));
}

/// One run: both workers, then the order of their lines.
pub fn once() -> String {
    let log = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = [1, 2]
        .into_iter()
        .map(|number| {
            let log = Arc::clone(&log);
            thread::spawn(move || worker(number, &log))
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    log.lock().unwrap().join(" → ")
}
