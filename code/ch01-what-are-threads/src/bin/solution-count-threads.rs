//! Exercise 1-1: count the threads of this process, as the kernel sees them.
use std::process::ExitCode;
use std::sync::Barrier;
use std::thread;
use std::time::Duration;

/// The `Threads:` line of /proc/self/status (Linux only).
fn threads_now() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line["Threads:".len()..].trim().parse().ok()
}

fn main() -> ExitCode {
    let Some(before) = threads_now() else {
        eprintln!(
            "this exercise reads /proc/self/status, which this system does not have"
        );
        return ExitCode::FAILURE;
    };
    println!("before spawning: {before} thread(s)");

    // Each worker waits at this barrier until main has counted: none can end before the count.
    let counted = Barrier::new(5);
    thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                counted.wait();
            });
        }
        // `spawn` returns once the OS thread exists, so all four are counted already.
        println!(
            "while 4 workers wait: {} thread(s)",
            threads_now().unwrap_or(0)
        );
        counted.wait();
    });

    // `join` can return a moment before the kernel takes the thread off its count, so look
    // again for a while (1,000 looks, 2 ms apart: a bounded wait).
    let mut after = threads_now().unwrap_or(0);
    for _ in 0..1000 {
        if after == before {
            break;
        }
        thread::sleep(Duration::from_millis(2));
        after = threads_now().unwrap_or(0);
    }
    println!("after joining them: {after} thread(s)");
    ExitCode::SUCCESS
}
