use std::fmt;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use rayon::ThreadPoolBuilder;

#[derive(Debug)]
struct DivisionByZero;

impl fmt::Display for DivisionByZero {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("division by zero")
    }
}

// ANCHOR: main
fn divide(a: i32, b: i32) -> Result<f64, DivisionByZero> {
    thread::sleep(Duration::from_millis(100)); // stands for real work
    if b == 0 {
        return Err(DivisionByZero);
    }
    Ok(f64::from(a) / f64::from(b))
}

fn main() {
    let pool = match ThreadPoolBuilder::new().num_threads(2).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not build the pool: {e}");
            std::process::exit(1);
        }
    };

    let mut handles: Vec<Receiver<Result<f64, DivisionByZero>>> = Vec::new();
    for (a, b) in [(2, 1), (2, 0), (10, 2), (3, 2)] {
        let (tx, rx) = mpsc::sync_channel(1);
        pool.spawn(move || {
            let _ = tx.send(divide(a, b));
        });
        handles.push(rx);
    }

    for handle in handles {
        match handle.recv_timeout(Duration::from_secs(5)) {
            Ok(Ok(quotient)) => println!("{quotient:?}"),
            Ok(Err(error)) => println!("{error}"),
            Err(e) => println!("no result: {e}"),
        }
    }
}
// ANCHOR_END: main
