use std::process::exit;

use rayon::prelude::*;

// ANCHOR: main
fn count_primes(limit: u64) {
    let sequential = (2..limit).filter(|&n| is_prime(n)).count();
    let parallel = (2..limit).into_par_iter().filter(|&n| is_prime(n)).count();
    println!("primes below {limit}: {sequential} (iter), {parallel} (par_iter)");
    println!("equal: {}", sequential == parallel);
}

fn is_prime(n: u64) -> bool {
    n >= 2
        && (2..)
            .take_while(|d| d * d <= n)
            .all(|d| !n.is_multiple_of(d))
}
// ANCHOR_END: main

fn main() {
    count_primes(parse_limit());
}

/// The upper bound: the first argument, 100000 by default.
fn parse_limit() -> u64 {
    match std::env::args().nth(1) {
        None => 100_000,
        Some(arg) => match arg.parse::<u64>() {
            Ok(limit) if (2..=100_000_000).contains(&limit) => limit,
            _ => {
                eprintln!(
                    "error: the limit must be a whole number from 2 to 100000000, not `{arg}`"
                );
                exit(2);
            }
        },
    }
}
