//! Exercise 9-2: a `lock_two` helper that any caller can use in any argument order, because
//! it picks the order itself: by the mutexes' addresses, which never change while borrowed.
// ANCHOR: main
use std::sync::{Mutex, MutexGuard};
use std::thread;

fn lock_two<'a, T>(
    x: &'a Mutex<T>,
    y: &'a Mutex<T>,
) -> (MutexGuard<'a, T>, MutexGuard<'a, T>) {
    assert!(!std::ptr::eq(x, y), "lock_two needs two different mutexes");
    if (x as *const Mutex<T>) < (y as *const Mutex<T>) {
        let gx = x.lock().unwrap();
        let gy = y.lock().unwrap();
        (gx, gy)
    } else {
        let gy = y.lock().unwrap();
        let gx = x.lock().unwrap();
        (gx, gy)
    }
}

fn main() {
    let rounds = 20_000;
    let savings = Mutex::new(500i64);
    let checking = Mutex::new(500i64);
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..rounds {
                let (mut from, mut to) = lock_two(&savings, &checking);
                *from -= 1;
                *to += 1;
            }
        });
        s.spawn(|| {
            for _ in 0..rounds {
                let (mut from, mut to) = lock_two(&checking, &savings); // the other order
                *from -= 1;
                *to += 1;
            }
        });
    });
    let (a, b) = lock_two(&savings, &checking);
    println!(
        "{rounds} moves each way finished; savings = {}, checking = {}",
        *a, *b
    );
}
// ANCHOR_END: main
