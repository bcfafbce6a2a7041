use std::process::exit;
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: main
fn compare(nap: Duration) {
    println!("one unit of work = sleeping {} ms\n", nap.as_millis());

    let one = time(|| thread::sleep(nap));
    let serial = time(|| {
        thread::sleep(nap);
        thread::sleep(nap);
    });
    let two = time(|| {
        thread::scope(|s| {
            s.spawn(|| thread::sleep(nap));
            s.spawn(|| thread::sleep(nap));
        });
    });

    println!(
        "{:<38} {:>9} {:>12}",
        "workload", "wall time", "vs one unit"
    );
    for (label, took) in [
        ("1 thread, 1 unit", one),
        ("1 thread, 2 units one after the other", serial),
        ("2 threads, 1 unit each", two),
    ] {
        let ratio = took.as_secs_f64() / one.as_secs_f64();
        println!("{label:<38} {:>6} ms {ratio:>11.2}x", took.as_millis());
    }
}

fn time(work: impl FnOnce()) -> Duration {
    let start = Instant::now();
    work();
    start.elapsed()
}
// ANCHOR_END: main

fn main() {
    let nap = Duration::from_millis(parse_millis());
    println!("{}", lab_server::machine());
    compare(nap);
}

/// The sleep in milliseconds: the first argument, 50 by default, at most 300.
fn parse_millis() -> u64 {
    match std::env::args().nth(1) {
        None => 50,
        Some(arg) => match arg.parse::<u64>() {
            Ok(ms) if (1..=300).contains(&ms) => ms,
            _ => {
                eprintln!(
                    "error: the sleep must be a whole number of milliseconds from 1 to 300, not `{arg}`"
                );
                exit(2);
            }
        },
    }
}
