use std::process::exit;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: padded
/// A counter alone on its cache line: `align(128)` puts each one at a 128-byte boundary, and
/// 128 bytes cover one line of 64 bytes and the pair of lines that some CPUs fetch together.
/// (`crossbeam_utils::CachePadded` does the same, with the right size for each architecture.)
#[repr(align(128))]
struct Padded(AtomicU64);

/// Two counters side by side: `align(16)` keeps their 16 bytes from straddling two 64-byte
/// lines, so they always share one.
#[repr(align(16))]
struct SideBySide([AtomicU64; 2]);
// ANCHOR_END: padded

// ANCHOR: count
/// Two threads each add one to their own counter `n` times: nothing is shared but, perhaps,
/// the cache line the two counters sit on.
fn count_apart(first: &AtomicU64, second: &AtomicU64, n: u64) -> Duration {
    let arrived = AtomicU64::new(0);
    let start = Instant::now();
    thread::scope(|s| {
        for counter in [first, second] {
            let arrived = &arrived;
            s.spawn(move || {
                // Both threads start counting together, so the two loops overlap in time.
                arrived.fetch_add(1, Relaxed);
                while arrived.load(Relaxed) < 2 {
                    std::hint::spin_loop();
                }
                for _ in 0..n {
                    // This thread is the counter's only writer: a load and a store, no
                    // read-modify-write, and Relaxed, since no other data hangs on it.
                    counter.store(counter.load(Relaxed) + 1, Relaxed);
                }
            });
        }
    });
    start.elapsed()
}
// ANCHOR_END: count

// ANCHOR: main
const ROUNDS: usize = 3;

fn report(n: u64) {
    println!(
        "2 threads, {n} increments each; each time is the best of {ROUNDS} rounds\n"
    );
    let (mut adjacent, mut padded) = (Duration::MAX, Duration::MAX);
    for _ in 0..ROUNDS {
        let side_by_side = SideBySide([AtomicU64::new(0), AtomicU64::new(0)]);
        adjacent = adjacent.min(count_apart(&side_by_side.0[0], &side_by_side.0[1], n));
        let apart = [Padded(AtomicU64::new(0)), Padded(AtomicU64::new(0))];
        padded = padded.min(count_apart(&apart[0].0, &apart[1].0, n));
        assert_eq!(
            side_by_side.0[0].load(Relaxed) + apart[1].0.load(Relaxed),
            2 * n
        );
    }
    let line = |d: Duration| d.as_secs_f64() * 1e3;
    println!("counters on one cache line      {:>9.1} ms", line(adjacent));
    println!("counters padded to 128 bytes    {:>9.1} ms", line(padded));
    println!(
        "one line / padded: {:.2} (how many times as long the shared line took)",
        adjacent.as_secs_f64() / padded.as_secs_f64()
    );
}
// ANCHOR_END: main

fn main() {
    let n = match std::env::args().nth(1) {
        None => 200_000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=1_000_000_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "error: the increments must be a whole number from 1 to 1000000000, not `{arg}`"
                );
                exit(2);
            }
        },
    };
    println!("{}", lab_server::machine());
    report(n);
}
