use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

fn sizes_from_args() -> Vec<u64> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return vec![100, 10_000, 1_000_000];
    }
    args.iter()
        .map(|text| match text.parse::<u64>() {
            Ok(n) if n > 0 => n,
            _ => {
                eprintln!("error: expected positive numbers of increments, got {text:?}");
                std::process::exit(2);
            }
        })
        .collect()
}

// ANCHOR: main
/// Two threads each add 1 to a shared counter `n` times, with a separate load and store:
/// an update made between another thread's load and store is lost.
fn lost_updates(n: u64) -> u64 {
    let counter = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..n {
                    let seen = counter.load(Ordering::Relaxed);
                    counter.store(seen + 1, Ordering::Relaxed);
                }
            });
        }
    });
    2 * n - counter.load(Ordering::Relaxed)
}

fn main() {
    let trials = 10;
    for n in sizes_from_args() {
        let losses: Vec<u64> = (0..trials).map(|_| lost_updates(n)).collect();
        let runs_with_loss = losses.iter().filter(|&&l| l > 0).count();
        println!(
            "{n:>9} increments per thread: updates lost in {runs_with_loss:>2} of {trials} runs, most lost in one run: {}",
            losses.iter().max().unwrap()
        );
    }
}
// ANCHOR_END: main
