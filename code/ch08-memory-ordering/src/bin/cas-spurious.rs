use std::hint::black_box;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

// ANCHOR: main
/// `attempts` weak compare-exchanges on one thread, each expecting the value the atomic really
/// holds: none of them can lose to another thread, so every failure is a spurious one.
/// Returns how many failed; each failure is retried, so the count still ends at `attempts`.
fn spurious_failures(attempts: u64) -> (u64, u64) {
    let count = AtomicU64::new(0);
    let mut failures = 0;
    for expected in 0..attempts {
        while count
            .compare_exchange_weak(black_box(expected), expected + 1, Relaxed, Relaxed)
            .is_err()
        {
            failures += 1;
        }
    }
    (failures, count.load(Relaxed))
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let millions = match std::env::args().nth(1) {
        None => 1,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=10_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "usage: cas-spurious [MILLIONS] (of attempts, 1 to 10000; default 1)"
                );
                return ExitCode::from(2);
            }
        },
    };
    println!("{}", lab_server::machine());
    let (failures, count) = spurious_failures(millions * 1_000_000);
    println!("{millions} million weak compare-exchanges with the right expected value");
    println!("spurious failures: {failures}");
    println!("final count: {count}");
    ExitCode::SUCCESS
}
