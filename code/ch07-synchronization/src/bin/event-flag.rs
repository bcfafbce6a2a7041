use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: event
/// A one-shot signal: threads wait until some thread calls `set`.
struct Event {
    is_set: Mutex<bool>,
    signal: Condvar,
}

impl Event {
    fn new() -> Self {
        Event {
            is_set: Mutex::new(false),
            signal: Condvar::new(),
        }
    }

    fn set(&self) {
        *self.is_set.lock().unwrap() = true;
        self.signal.notify_all(); // wake every waiter, not just one
    }

    /// Waits for `set`, at most `limit`; returns whether the event was set.
    fn wait(&self, limit: Duration) -> bool {
        let guard = self.is_set.lock().unwrap();
        let (guard, _) = self
            .signal
            .wait_timeout_while(guard, limit, |set| !*set)
            .unwrap();
        *guard
    }
}
// ANCHOR_END: event

// ANCHOR: main
fn main() {
    let ready = Event::new();
    thread::scope(|s| {
        let waiters: Vec<_> = (1..=3)
            .map(|id| {
                let ready = &ready;
                s.spawn(move || (id, ready.wait(Duration::from_secs(2))))
            })
            .collect();

        thread::sleep(Duration::from_millis(50)); // the "setup" the waiters depend on
        println!("main: setup done, setting the event");
        ready.set();

        for waiter in waiters {
            let (id, woke) = waiter.join().unwrap();
            println!(
                "waiter {id}: {}",
                if woke {
                    "event set, going on"
                } else {
                    "timed out"
                }
            );
        }
    });
    // A late waiter does not block at all: the flag stays set.
    println!("late waiter: {}", ready.wait(Duration::from_secs(2)));
}
// ANCHOR_END: main
