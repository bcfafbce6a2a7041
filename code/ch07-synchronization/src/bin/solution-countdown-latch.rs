//! Exercise 7-2: a countdown latch. `main` waits until N workers have each called
//! `count_down` once; a worker never waits.
// ANCHOR: main
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

struct Latch {
    remaining: Mutex<usize>,
    reached_zero: Condvar,
}

impl Latch {
    fn new(count: usize) -> Self {
        Latch {
            remaining: Mutex::new(count),
            reached_zero: Condvar::new(),
        }
    }

    fn count_down(&self) {
        let mut remaining = self.remaining.lock().unwrap();
        *remaining = remaining.saturating_sub(1);
        if *remaining == 0 {
            self.reached_zero.notify_all();
        }
    }

    /// Returns how many were still missing when the wait ended (0: all arrived).
    fn wait(&self, limit: Duration) -> usize {
        let remaining = self.remaining.lock().unwrap();
        let (remaining, _) = self
            .reached_zero
            .wait_timeout_while(remaining, limit, |n| *n > 0)
            .unwrap();
        *remaining
    }
}

fn main() {
    let workers = 5;
    let latch = Latch::new(workers);
    let finished = Mutex::new(Vec::new());
    thread::scope(|s| {
        for id in 0..workers {
            let (latch, finished) = (&latch, &finished);
            s.spawn(move || {
                thread::sleep(Duration::from_millis(10 * id as u64));
                finished.lock().unwrap().push(id);
                latch.count_down();
                // A worker may go on with other things here: it does not wait for the rest.
            });
        }
        let missing = latch.wait(Duration::from_secs(2));
        let done = finished.lock().unwrap().len();
        println!("main woke with {missing} missing and {done} of {workers} finished");
    });
}
// ANCHOR_END: main
