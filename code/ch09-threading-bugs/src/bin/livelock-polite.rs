use std::sync::{Barrier, Mutex};
use std::thread;

// ANCHOR: main
/// One polite thread: take `mine`, try for `theirs`; if it is taken, let go of `mine` and retry.
fn polite(
    mine: &Mutex<()>,
    theirs: &Mutex<()>,
    step: &Barrier,
    max_rounds: u32,
) -> Option<u32> {
    for round in 1..=max_rounds {
        step.wait(); // the two threads move in lock-step: the unlucky timing, every round
        let first = mine.lock().unwrap();
        step.wait(); // both now hold one lock
        let second = theirs.try_lock();
        step.wait(); // both have tried
        if second.is_ok() {
            return Some(round); // got both: the work could be done here
        }
        drop(first); // after you! ...and the other thread says the same
    }
    None
}

fn main() {
    let max_rounds = 50;
    let (left, right) = (Mutex::new(()), Mutex::new(()));
    let step = Barrier::new(2);

    let results = thread::scope(|s| {
        let a = s.spawn(|| polite(&left, &right, &step, max_rounds));
        let b = s.spawn(|| polite(&right, &left, &step, max_rounds));
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
