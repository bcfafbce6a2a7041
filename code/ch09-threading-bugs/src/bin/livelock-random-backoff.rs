use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Barrier, Mutex};
use std::thread;

// ANCHOR: rng
/// A tiny pseudo-random generator (xorshift64): enough to break symmetry, and seeded, so a
/// run can be repeated exactly.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
// ANCHOR_END: rng

fn seed_from_args() -> u64 {
    match std::env::args().nth(1) {
        None => 1,
        Some(text) => match text.parse::<u64>() {
            Ok(n) => n,
            Err(_) => {
                eprintln!("error: expected a number to seed the generator, got {text:?}");
                std::process::exit(2);
            }
        },
    }
}

// ANCHOR: main
struct Shared {
    step: Barrier,
    done: [AtomicBool; 2],
}

/// The same polite thread, but after a failed round it sits out 0 to 3 rounds, at random.
fn polite(
    me: usize,
    mine: &Mutex<()>,
    theirs: &Mutex<()>,
    shared: &Shared,
    seed: u64,
    max_rounds: u32,
) -> Option<u32> {
    let mut rng = XorShift(seed.max(1)); // xorshift never leaves 0
    let mut sit_out = 0u64;
    let mut finished_in = None;
    for round in 1..=max_rounds {
        // Both threads keep stepping until both are done, so the barrier always has two.
        let trying = finished_in.is_none() && sit_out == 0;
        sit_out = sit_out.saturating_sub(1);
        shared.step.wait();
        let first = if trying {
            Some(mine.lock().unwrap())
        } else {
            None
        };
        shared.step.wait();
        let second = first.as_ref().map(|_| theirs.try_lock());
        shared.step.wait();
        match second {
            Some(Ok(_)) => {
                finished_in = Some(round);
                shared.done[me].store(true, Ordering::SeqCst);
            }
            Some(Err(_)) => sit_out = rng.next() % 4, // back off a random number of rounds
            None => {}
        }
        drop(first);
        shared.step.wait(); // every `done` flag is written before anyone reads them
        if shared.done.iter().all(|d| d.load(Ordering::SeqCst)) {
            break;
        }
    }
    finished_in
}

fn main() {
    let seed = seed_from_args();
    let max_rounds = 50;
    let (left, right) = (Mutex::new(()), Mutex::new(()));
    let shared = Shared {
        step: Barrier::new(2),
        done: [AtomicBool::new(false), AtomicBool::new(false)],
    };

    let results = thread::scope(|s| {
        // Each thread gets its own seed: identical seeds would back off identically.
        let a = s.spawn(|| {
            polite(
                0,
                &left,
                &right,
                &shared,
                seed.wrapping_mul(2).wrapping_add(1),
                max_rounds,
            )
        });
        let b = s.spawn(|| {
            polite(
                1,
                &right,
                &left,
                &shared,
                seed.wrapping_mul(2).wrapping_add(2),
                max_rounds,
            )
        });
        [("a", a.join().unwrap()), ("b", b.join().unwrap())]
    });
    for (name, result) in results {
        match result {
            Some(round) => println!("thread {name}: got both locks in round {round}"),
            None => {
                println!("thread {name}: gave up after {max_rounds} rounds, no progress")
            }
        }
    }
}
// ANCHOR_END: main
