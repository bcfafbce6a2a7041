use std::hint::black_box;
use std::ops::Range;
use std::process::exit;
use std::thread;
use std::time::Instant;

// ANCHOR: main
const COUNTS: [usize; 4] = [1, 2, 4, 8];
const ROUNDS: usize = 3;

fn sweep(millions: u64) {
    let n = millions * 1_000_000;
    println!("one unit = {millions} million loop iterations; every thread does one unit");
    println!("each time is the best of {ROUNDS} rounds\n");

    let mut best = [f64::MAX; COUNTS.len()];
    for _ in 0..ROUNDS {
        for (k, threads) in COUNTS.into_iter().enumerate() {
            let start = Instant::now();
            let checksums: Vec<u64> = thread::scope(|s| {
                let handles: Vec<_> =
                    (0..threads).map(|_| s.spawn(|| unit(0..n))).collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            best[k] = best[k].min(start.elapsed().as_secs_f64());
            assert!(checksums.iter().all(|&c| c == checksums[0]));
        }
    }

    println!("{:>7} {:>9} {:>12}", "threads", "wall time", "vs 1 thread");
    for (threads, took) in COUNTS.into_iter().zip(best) {
        println!("{threads:>7} {took:>7.3} s {:>11.2}x", took / best[0]);
    }
}

/// Listing 4-2's unit of work, unchanged.
#[inline(never)]
fn unit(iterations: Range<u64>) -> u64 {
    let mut checksum = 0u64;
    for i in iterations {
        checksum = checksum.wrapping_add(scramble(black_box(i)));
    }
    checksum
}

fn scramble(i: u64) -> u64 {
    (i ^ (i >> 7)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}
// ANCHOR_END: main

fn main() {
    let millions = parse_millions();
    println!("{}", lab_server::machine());
    sweep(millions);
}

/// Millions of loop iterations in one unit: the first argument, 1 by default.
fn parse_millions() -> u64 {
    match std::env::args().nth(1) {
        None => 1,
        Some(arg) => match arg.parse::<u64>() {
            Ok(m) if (1..=100_000).contains(&m) => m,
            _ => {
                eprintln!(
                    "error: the size must be a whole number of millions from 1 to 100000, not `{arg}`"
                );
                exit(2);
            }
        },
    }
}
