use std::sync::Arc;
use std::sync::atomic::{
    AtomicBool, AtomicU64,
    Ordering::{Acquire, Relaxed, Release},
};
use std::thread;
use std::time::Duration;

// ANCHOR: token
/// An `unpark` that comes before the `park` is not lost: it leaves a token, and the next
/// `park` uses it up and returns at once.
fn token_first() {
    thread::current().unpark(); // nobody is parked: this only sets the token
    thread::park(); // takes the token; does not sleep
    println!("unpark, then park: park returned at once, using the token");
}
// ANCHOR_END: token

// ANCHOR: wait
/// The waiter parks until a flag says the data is there. `park` may also return for no
/// reason at all (a spurious wake-up), so it is always called in a loop that checks the flag.
fn wait_for_data() {
    let data = Arc::new(AtomicU64::new(0));
    let ready = Arc::new(AtomicBool::new(false));
    let waiter = {
        let (data, ready) = (Arc::clone(&data), Arc::clone(&ready));
        thread::spawn(move || {
            // Acquire pairs with the Release store of `ready` below: seeing `true`
            // makes the 42 visible, so the data's load can be Relaxed, as in Listing 8-5.
            while !ready.load(Acquire) {
                thread::park();
            }
            data.load(Relaxed)
        })
    };
    thread::sleep(Duration::from_millis(20)); // the waiter is most likely parked by now
    data.store(42, Relaxed);
    // Release: the store of 42 happens before any load that sees `true`.
    ready.store(true, Release);
    waiter.thread().unpark(); // wakes it, or leaves a token if it has not parked yet
    println!(
        "the parked waiter woke and read: {}",
        waiter.join().unwrap()
    );
}
// ANCHOR_END: wait

fn main() {
    token_first();
    wait_for_data();
}
