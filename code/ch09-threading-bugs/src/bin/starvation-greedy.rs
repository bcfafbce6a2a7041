use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
use std::time::Duration;

fn cap_from_args() -> u64 {
    match std::env::args().nth(1) {
        None => 200_000,
        Some(text) => match text.parse() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!(
                    "error: expected a positive cap on the greedy thread's turns, got {text:?}"
                );
                std::process::exit(2);
            }
        },
    }
}

// ANCHOR: main
fn main() {
    let cap = cap_from_args(); // the greedy thread stops after this many turns, whatever happens
    let printer = Mutex::new(0u64);
    let waiting = AtomicBool::new(false);
    let turns_while_waiting = AtomicU64::new(0);
    let finished = AtomicBool::new(false);

    let (greedy_turns, waits) = thread::scope(|s| {
        let greedy = s.spawn(|| {
            let mut turns = 0;
            while turns < cap && !finished.load(Ordering::SeqCst) {
                let mut pages = printer.lock().unwrap();
                *pages += 1;
                turns += 1;
                if waiting.load(Ordering::SeqCst) {
                    turns_while_waiting.fetch_add(1, Ordering::SeqCst);
                }
                for _ in 0..500 {
                    std::hint::spin_loop(); // work done while holding the lock
                }
            } // unlock ... and straight back to `lock()`
            turns
        });
        let polite = s.spawn(|| {
            let mut waits = Vec::new();
            for _ in 0..5 {
                thread::sleep(Duration::from_millis(2)); // work done without the lock
                waiting.store(true, Ordering::SeqCst);
                let mut pages = printer.lock().unwrap();
                waiting.store(false, Ordering::SeqCst);
                *pages += 1;
                waits.push(turns_while_waiting.swap(0, Ordering::SeqCst));
            }
            finished.store(true, Ordering::SeqCst);
            waits
        });
        (greedy.join().unwrap(), polite.join().unwrap())
    });

    println!(
        "greedy thread's turns while the polite one waited, wait by wait: {waits:?}"
    );
    let longest = waits.iter().max().unwrap_or(&0);
    println!("most greedy turns during one wait: {longest}");
    if greedy_turns == cap {
        println!(
            "the greedy thread hit its cap of {cap} turns: the polite one got in only then"
        );
    }
}
// ANCHOR_END: main
