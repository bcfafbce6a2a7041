//! Exercise 7-1: give the semaphore an `acquire_timeout` that returns `None` when no permit
//! comes back in time.
// ANCHOR: main
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

struct Semaphore {
    available: Mutex<usize>,
    returned: Condvar,
}

struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    fn new(permits: usize) -> Self {
        Semaphore {
            available: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    fn acquire_timeout(&self, limit: Duration) -> Option<Permit<'_>> {
        let available = self.available.lock().unwrap();
        let (mut available, result) = self
            .returned
            .wait_timeout_while(available, limit, |n| *n == 0)
            .unwrap();
        // `timed_out()` means the count was still 0, checked under the lock, when time ran out.
        if result.timed_out() {
            return None;
        }
        *available -= 1;
        Some(Permit { semaphore: self })
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.available.lock().unwrap() += 1;
        self.semaphore.returned.notify_one();
    }
}

fn main() {
    let pool = Semaphore::new(2);
    let first = pool.acquire_timeout(Duration::from_millis(50));
    let second = pool.acquire_timeout(Duration::from_millis(50));
    println!("first: {}, second: {}", first.is_some(), second.is_some());

    let third = pool.acquire_timeout(Duration::from_millis(50));
    println!("third, with both permits held: {}", third.is_some());

    thread::scope(|s| {
        s.spawn(|| {
            thread::sleep(Duration::from_millis(30));
            drop(first); // a permit comes back while the fourth caller waits
        });
        let fourth = pool.acquire_timeout(Duration::from_secs(2));
        println!("fourth, after a permit came back: {}", fourth.is_some());
    });
    drop(second);
}
// ANCHOR_END: main
