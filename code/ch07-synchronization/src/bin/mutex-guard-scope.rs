use std::sync::{Mutex, TryLockError};

/// Says whether someone holds the lock right now, without waiting for it.
fn state(lock: &Mutex<Vec<&str>>) -> &'static str {
    match lock.try_lock() {
        Ok(_) => "free",
        Err(TryLockError::WouldBlock) => "held",
        Err(TryLockError::Poisoned(_)) => "poisoned",
    }
}

// ANCHOR: main
fn main() {
    let log = Mutex::new(Vec::new());

    {
        let mut guard = log.lock().unwrap();
        guard.push("first entry");
        println!("inside the block, the lock is {}", state(&log));
    } // `guard` goes out of scope here: the lock is released
    println!("after the block, the lock is {}", state(&log));

    let mut guard = log.lock().unwrap();
    guard.push("second entry");
    println!("before drop, the lock is {}", state(&log));
    drop(guard); // release now, not at the end of `main`
    println!("after drop, the lock is {}", state(&log));

    println!("entries: {:?}", log.lock().unwrap());
}
// ANCHOR_END: main
