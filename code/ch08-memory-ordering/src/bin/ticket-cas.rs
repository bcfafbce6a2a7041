use std::process::ExitCode;

#[cfg(feature = "loom")]
use loom::{
    sync::Arc,
    sync::atomic::{AtomicU32, Ordering::Relaxed},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU32, Ordering::Relaxed},
    thread,
};

// ANCHOR: take
/// Takes the next of `limit` tickets: `Some(number)`, or `None` once all are taken.
fn take_ticket(taken: &AtomicU32, limit: u32) -> Option<u32> {
    let mut current = taken.load(Relaxed);
    loop {
        if current == limit {
            return None;
        }
        // Move the count from `current` to `current + 1`, but only if it is still `current`.
        match taken.compare_exchange_weak(current, current + 1, Relaxed, Relaxed) {
            Ok(_) => return Some(current),
            // Another thread took one first (`actual` is the count now), or the weak
            // exchange failed spuriously (`actual == current`): try again from `actual`.
            Err(actual) => current = actual,
        }
    }
}
// ANCHOR_END: take

// ANCHOR: sell
/// `threads` threads each try `tries` times to take one of `limit` tickets; returns every
/// ticket number taken, sorted.
fn sell(threads: u32, tries: u32, limit: u32) -> Vec<u32> {
    let taken = Arc::new(AtomicU32::new(0));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let taken = Arc::clone(&taken);
            thread::spawn(move || {
                (0..tries)
                    .filter_map(|_| take_ticket(&taken, limit))
                    .collect::<Vec<u32>>()
            })
        })
        .collect();
    let mut numbers: Vec<u32> = handles
        .into_iter()
        .flat_map(|handle| handle.join().unwrap())
        .collect();
    numbers.sort_unstable();
    numbers
}
// ANCHOR_END: sell

// ANCHOR: model
/// Two threads, one try each, one ticket: tests/loom.rs runs this under loom.
#[allow(dead_code, reason = "main does not call it: tests/loom.rs does")]
pub fn two_buyers_one_ticket() {
    assert_eq!(
        sell(2, 1, 1),
        vec![0],
        "the ticket went twice, or to nobody"
    );
}
// ANCHOR_END: model

fn main() -> ExitCode {
    let tries = match std::env::args().nth(1) {
        None => 10_000,
        Some(arg) => match arg.parse::<u32>() {
            Ok(n) if n > 0 && n <= u32::MAX / 4 => n,
            _ => {
                eprintln!(
                    "usage: ticket-cas [TRIES] (tries per thread, a positive whole number)"
                );
                return ExitCode::from(2);
            }
        },
    };
    // ANCHOR: main
    let limit = tries * 4 / 2; // half as many tickets as the 4 threads' tries
    let numbers = sell(4, tries, limit);
    let each_once = numbers.iter().copied().eq(0..limit);
    println!(
        "4 threads x {tries} tries for {limit} tickets: {} taken, each number once: {each_once}",
        numbers.len()
    );
    // ANCHOR_END: main
    ExitCode::SUCCESS
}
