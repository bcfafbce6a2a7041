use std::sync::{Barrier, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: detect
/// Like `lock()`, but gives up at `deadline` instead of waiting forever.
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
// ANCHOR_END: detect

// ANCHOR: main
fn main() {
    let knives = Mutex::new(10);
    let forks = Mutex::new(10);
    // Both threads hold their first lock before either asks for its second,
    // and neither lets go before both have given up or succeeded.
    let both_hold_one = Barrier::new(2);
    let both_decided = Barrier::new(2);

    let reports = thread::scope(|s| {
        let one = s.spawn(|| {
            let _k = knives.lock().unwrap();
            both_hold_one.wait();
            let deadline = Instant::now() + Duration::from_millis(200);
            let second = lock_until(&forks, deadline);
            both_decided.wait();
            match second {
                Some(_) => "thread 1: took knives, then forks",
                None => {
                    "thread 1: holds knives, waited 200 ms for forks: deadlock detected"
                }
            }
        });
        let two = s.spawn(|| {
            let _f = forks.lock().unwrap();
            both_hold_one.wait();
            let deadline = Instant::now() + Duration::from_millis(200);
            let second = lock_until(&knives, deadline);
            both_decided.wait();
            match second {
                Some(_) => "thread 2: took forks, then knives",
                None => {
                    "thread 2: holds forks, waited 200 ms for knives: deadlock detected"
                }
            }
        });
        [one.join().unwrap(), two.join().unwrap()]
    });
    for report in reports {
        println!("{report}");
    }
}
// ANCHOR_END: main
