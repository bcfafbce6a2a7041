use std::fmt;

use rayon::prelude::*;

// ANCHOR: main
#[derive(Debug, Clone, PartialEq)]
struct DivisionByZero;

impl fmt::Display for DivisionByZero {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("division by zero")
    }
}

fn divide(a: i32, b: i32) -> Result<f64, DivisionByZero> {
    if b == 0 {
        Err(DivisionByZero)
    } else {
        Ok(f64::from(a) / f64::from(b))
    }
}

fn divide_all(a: &[i32], b: &[i32]) -> Vec<Result<f64, DivisionByZero>> {
    a.par_iter().zip(b).map(|(&a, &b)| divide(a, b)).collect()
}

fn main() {
    println!("2, 2, 10 divided by 1, 2, 2:");
    for outcome in divide_all(&[2, 2, 10], &[1, 2, 2]) {
        println!("  {outcome:?}");
    }

    println!("2, 2, 10 divided by 1, 0, 2, one outcome per item:");
    for outcome in divide_all(&[2, 2, 10], &[1, 0, 2]) {
        match outcome {
            Ok(q) => println!("  {q:?}"),
            Err(e) => println!("  error: {e}"),
        }
    }

    println!("the same, collected into one Result:");
    let all: Result<Vec<f64>, DivisionByZero> = [2, 2, 10]
        .par_iter()
        .zip(&[1, 0, 2])
        .map(|(&a, &b)| divide(a, b))
        .collect();
    match all {
        Ok(quotients) => println!("  {quotients:?}"),
        Err(e) => println!("  error: {e}"),
    }
}
// ANCHOR_END: main
