use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: semaphore
/// A counting semaphore: at most `permits` holders at a time.
struct Semaphore {
    available: Mutex<usize>,
    returned: Condvar,
}

/// Proof of holding one permit; dropping it gives the permit back.
struct Permit<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    fn new(permits: usize) -> Self {
        Semaphore {
            available: Mutex::new(permits),
            returned: Condvar::new(),
        }
    }

    fn acquire(&self) -> Permit<'_> {
        let available = self.available.lock().unwrap();
        // `wait_while` re-checks the condition after every wake-up, spurious ones included.
        let mut available = self.returned.wait_while(available, |n| *n == 0).unwrap();
        *available -= 1;
        Permit { semaphore: self }
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.semaphore.available.lock().unwrap() += 1;
        self.semaphore.returned.notify_one();
    }
}
// ANCHOR_END: semaphore

fn parse_args() -> Result<(usize, usize, u64), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |i: usize, default: u64| -> Result<u64, String> {
        match args.get(i) {
            None => Ok(default),
            Some(text) => match text.parse::<u64>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("expected a positive whole number, got {text:?}")),
            },
        }
    };
    if args.len() > 3 {
        return Err("usage: semaphore-pool [WORKERS] [CONNECTIONS] [HOLD_MS]".to_string());
    }
    Ok((
        number(0, 8)? as usize,
        number(1, 3)? as usize,
        number(2, 20)?.min(300),
    ))
}

// ANCHOR: main
/// `workers` threads share `connections` permits, each holding one for `hold_ms`.
fn run(workers: usize, connections: usize, hold_ms: u64) {
    let pool = Semaphore::new(connections);
    let in_use = AtomicUsize::new(0);
    let most_in_use = AtomicUsize::new(0);

    thread::scope(|s| {
        for id in 1..=workers {
            let (pool, in_use, most_in_use) = (&pool, &in_use, &most_in_use);
            s.spawn(move || {
                let _connection = pool.acquire();
                let now = in_use.fetch_add(1, Ordering::SeqCst) + 1;
                most_in_use.fetch_max(now, Ordering::SeqCst);
                println!("worker {id} got a connection ({now} in use)");
                thread::sleep(Duration::from_millis(hold_ms)); // the "query"
                in_use.fetch_sub(1, Ordering::SeqCst);
            }); // `_connection` drops here: the permit goes back
        }
    });
    println!(
        "{workers} workers, {connections} connections: at most {} in use at once",
        most_in_use.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: main

fn main() {
    let (workers, connections, hold_ms) = parse_args().unwrap_or_else(|message| {
        eprintln!("error: {message}");
        std::process::exit(2);
    });
    run(workers, connections, hold_ms);
}
