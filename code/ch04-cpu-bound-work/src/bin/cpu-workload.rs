use std::hint::black_box;
use std::ops::Range;
use std::process::exit;
use std::thread;
use std::time::{Duration, Instant};

use rayon::prelude::*;

// ANCHOR: unit
/// One unit of CPU work: a counting loop, like the seed's, that also adds up a checksum.
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
// ANCHOR_END: unit

// ANCHOR: main
const ROUNDS: usize = 5;
/// How many consecutive pieces of the range rayon's threads share out.
const PIECES: u64 = 64;

fn compare(millions: u64) {
    let n = millions * 1_000_000;
    // Asking for the pool's size starts rayon's threads now, outside the timings.
    let pool = rayon::current_num_threads();
    println!("rayon pool: {pool} threads");
    println!(
        "one unit = {millions} million loop iterations; each time is the best of {ROUNDS} rounds\n"
    );

    let one_thread = || vec![unit(0..n)];
    let in_a_row = || vec![unit(0..n), unit(0..n)];
    let two_threads = || {
        thread::scope(|s| {
            let first = s.spawn(|| unit(0..n));
            let second = s.spawn(|| unit(0..n));
            vec![first.join().unwrap(), second.join().unwrap()]
        })
    };
    let rayon_split = || {
        let checksum = (0..PIECES)
            .into_par_iter()
            .map(|p| unit(n * p / PIECES..n * (p + 1) / PIECES))
            .reduce(|| 0, u64::wrapping_add);
        vec![checksum]
    };
    let variants: [(&str, &dyn Fn() -> Vec<u64>); 4] = [
        ("1 thread, 1 unit", &one_thread),
        ("1 thread, 2 units one after the other", &in_a_row),
        ("2 threads, 1 unit each", &two_threads),
        ("rayon, 1 unit split across the pool", &rayon_split),
    ];

    // Every round runs every variant, so a busy moment on the machine slows one round
    // of all of them rather than all the rounds of one.
    let mut best = [Duration::MAX; 4];
    let mut checksums = Vec::new();
    for _ in 0..ROUNDS {
        for (k, (_, work)) in variants.iter().enumerate() {
            let start = Instant::now();
            checksums.extend(work());
            best[k] = best[k].min(start.elapsed());
        }
    }

    println!(
        "{:<38} {:>9} {:>12}",
        "workload", "wall time", "vs one unit"
    );
    for ((label, _), took) in variants.iter().zip(best) {
        let ratio = took.as_secs_f64() / best[0].as_secs_f64();
        println!("{label:<38} {:>7.3} s {ratio:>11.2}x", took.as_secs_f64());
    }
    let same = checksums.iter().all(|&c| c == checksums[0]);
    println!(
        "checksum of every unit: {:016x}, all equal: {same}",
        checksums[0]
    );
    if !same {
        exit(1);
    }
}
// ANCHOR_END: main

fn main() {
    let millions = parse_millions();
    println!("{}", lab_server::machine());
    compare(millions);
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
