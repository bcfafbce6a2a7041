use std::process::exit;
use std::sync::atomic::{AtomicBool, Ordering::Acquire, Ordering::Release};
use std::thread;
use std::time::{Duration, Instant};

// ANCHOR: cpu
/// The CPU time this thread has used so far, from the first field of Linux's
/// `/proc/thread-self/schedstat` (nanoseconds on a CPU), or `None` where there is no such file.
fn thread_cpu_time() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}
// ANCHOR_END: cpu

// ANCHOR: wait
#[derive(Clone, Copy)]
enum Wait {
    Spin,
    Park,
}

/// One waiter waits for a flag that this thread sets after `delay`. Returns the waiter's
/// wall time and the CPU time it used while it waited.
fn measure(wait: Wait, delay: Duration) -> (Duration, Duration) {
    let ready = AtomicBool::new(false);
    thread::scope(|s| {
        let waiter = s.spawn(|| {
            let (start, cpu_start) = (Instant::now(), thread_cpu_time().unwrap());
            while !ready.load(Acquire) {
                match wait {
                    Wait::Spin => std::hint::spin_loop(), // stays on its CPU, asking again
                    Wait::Park => thread::park(), // sleeps until unparked (or spuriously)
                }
            }
            (start.elapsed(), thread_cpu_time().unwrap() - cpu_start)
        });
        thread::sleep(delay);
        ready.store(true, Release);
        waiter.thread().unpark(); // the spinner does not need it; the parked waiter does
        waiter.join().unwrap()
    })
}
// ANCHOR_END: wait

// ANCHOR: main
fn report(delay: Duration) {
    println!(
        "the flag is set after {} ms; the waiter's CPU time is read from /proc/thread-self/schedstat\n",
        delay.as_millis()
    );
    println!(
        "{:<24} {:>11} {:>11} {:>11}",
        "waiter", "wall time", "CPU time", "CPU / wall"
    );
    for (name, wait) in [
        ("spinning (spin_loop)", Wait::Spin),
        ("parked (thread::park)", Wait::Park),
    ] {
        let (wall, cpu) = measure(wait, delay);
        let share = 100.0 * cpu.as_secs_f64() / wall.as_secs_f64();
        println!(
            "{name:<24} {:>8.1} ms {:>8.3} ms {share:>9.1} %",
            wall.as_secs_f64() * 1e3,
            cpu.as_secs_f64() * 1e3
        );
    }
}
// ANCHOR_END: main

fn main() {
    let millis = match std::env::args().nth(1) {
        None => 50,
        Some(arg) => match arg.parse::<u64>() {
            Ok(n) if (1..=300).contains(&n) => n,
            _ => {
                eprintln!(
                    "error: the delay must be a whole number of milliseconds from 1 to 300, not `{arg}`"
                );
                exit(2);
            }
        },
    };
    if thread_cpu_time().is_none() {
        eprintln!(
            "error: this listing reads /proc/thread-self/schedstat, which only Linux has"
        );
        exit(1);
    }
    println!("{}", lab_server::machine());
    report(Duration::from_millis(millis));
}
