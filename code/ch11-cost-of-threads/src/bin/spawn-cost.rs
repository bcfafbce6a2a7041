use std::hint::black_box;
use std::thread;
use std::time::Instant;

// ANCHOR: main
fn compare(count: u32) {
    // One thread per job: spawn, run a trivial job, join. One thread alive at a time.
    let start = Instant::now();
    for i in 0..count {
        let handle = match thread::Builder::new().spawn(move || black_box(i)) {
            Ok(handle) => handle,
            Err(e) => {
                eprintln!("Builder::spawn failed after {i} threads: {e}");
                std::process::exit(1);
            }
        };
        let _ = handle.join();
    }
    let per_thread = start.elapsed().as_secs_f64() * 1e6 / f64::from(count);

    // The same jobs as tasks on a pool whose threads already exist.
    let pool = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not build the pool: {e}");
            std::process::exit(1);
        }
    };
    let start = Instant::now();
    pool.scope(|s| {
        for i in 0..count {
            s.spawn(move |_| {
                black_box(i);
            });
        }
    });
    let per_task = start.elapsed().as_secs_f64() * 1e6 / f64::from(count);

    println!("{count} jobs");
    println!("one thread per job:  {per_thread:>8.2} µs per job");
    println!("rayon pool task:     {per_task:>8.2} µs per job");
    println!(
        "a thread costs {:.0} times a pooled task",
        per_thread / per_task
    );
}
// ANCHOR_END: main

fn main() {
    let count: u32 = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 1_000,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("usage: spawn-cost [JOBS]  (a positive number; default 1000)");
            std::process::exit(2);
        }
    };
    println!("{}", lab_server::machine());
    compare(count);
}
