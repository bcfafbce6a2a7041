//! Exercise 9-1: five philosophers, five forks, each needs the forks on both sides.
//! Taking "left, then right" can deadlock (all five hold their left fork); taking the
//! lower-numbered fork first cannot, because no cycle of waiting can form.
// ANCHOR: main
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

fn dine(meals: u32) {
    let seats = 5;
    let forks: Vec<Mutex<u32>> = (0..seats).map(|_| Mutex::new(0)).collect();

    let stuck: u32 = thread::scope(|s| {
        let handles: Vec<_> = (0..seats)
            .map(|i| {
                let forks = &forks;
                s.spawn(move || {
                    let (left, right) = (i, (i + 1) % seats);
                    let (low, high) = (left.min(right), left.max(right)); // the fix
                    let mut stuck = 0;
                    for _ in 0..meals {
                        let mut a = forks[low].lock().unwrap();
                        match lock_until(
                            &forks[high],
                            Instant::now() + Duration::from_secs(2),
                        ) {
                            Some(mut b) => {
                                *a += 1;
                                *b += 1;
                            }
                            None => stuck += 1,
                        }
                    }
                    stuck
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });

    let uses: u32 = forks.iter().map(|f| *f.lock().unwrap()).sum();
    println!("{seats} philosophers ate {meals} meals each; deadlocks detected: {stuck}");
    println!(
        "fork uses: {uses} (two per meal: {})",
        2 * meals * seats as u32
    );
}
// ANCHOR_END: main

fn main() {
    let meals = match std::env::args().nth(1) {
        None => 2_000,
        Some(text) => text.parse::<u32>().unwrap_or_else(|_| {
            eprintln!("error: expected a number of meals, got {text:?}");
            std::process::exit(2);
        }),
    };
    dine(meals);
}
