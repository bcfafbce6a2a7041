use std::sync::{Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

fn lock_until<'a, T>(lock: &'a Mutex<T>, deadline: Instant) -> Option<MutexGuard<'a, T>> {
    loop {
        if let Ok(guard) = lock.try_lock() {
            return Some(guard);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(1));
    }
}

fn rounds_from_args() -> u32 {
    match std::env::args().nth(1) {
        None => 10_000,
        Some(text) => text.parse().unwrap_or_else(|_| {
            eprintln!("error: expected a number of rounds, got {text:?}");
            std::process::exit(2);
        }),
    }
}

// ANCHOR: main
/// Every thread takes the locks in this one order: knives, then forks.
fn with_both(knives: &Mutex<i32>, forks: &Mutex<i32>, who: &str) -> bool {
    let mut k = knives.lock().unwrap();
    let deadline = Instant::now() + Duration::from_millis(200);
    let Some(mut f) = lock_until(forks, deadline) else {
        println!("{who}: deadlock detected");
        return false;
    };
    *k -= 1; // take a knife and a fork ...
    *f -= 1;
    *k += 1; // ... and put them back
    *f += 1;
    true
}

fn main() {
    let rounds = rounds_from_args();
    let knives = Mutex::new(10);
    let forks = Mutex::new(10);

    let stuck = thread::scope(|s| {
        // Thread 2 *wants* forks first, but asks in the global order anyway.
        let one = s.spawn(|| {
            (0..rounds)
                .filter(|_| !with_both(&knives, &forks, "one"))
                .count()
        });
        let two = s.spawn(|| {
            (0..rounds)
                .filter(|_| !with_both(&knives, &forks, "two"))
                .count()
        });
        one.join().unwrap() + two.join().unwrap()
    });
    println!("{rounds} rounds in each of 2 threads, locks taken in one order");
    println!("deadlocks detected: {stuck}");
    println!(
        "knives = {}, forks = {}",
        knives.lock().unwrap(),
        forks.lock().unwrap()
    );
}
// ANCHOR_END: main
