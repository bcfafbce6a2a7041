//! A child process: this same program started again with an argument, computing in its own
//! memory and answering through its standard output.
//! Usage: process-worker   (it starts `process-worker child N` itself)
use std::io::Read;
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// A value in this process's memory; the child gets its own copy, from the start.
static LAST_RESULT: AtomicU64 = AtomicU64::new(0);

// ANCHOR: child
/// The child's work: the sum of the squares of 1..=n, printed on standard output.
fn child(n: u64) -> ExitCode {
    let sum: u64 = (1..=n).map(|i| i * i).sum();
    LAST_RESULT.store(sum, Ordering::Relaxed);
    println!("{} {sum}", std::process::id());
    ExitCode::SUCCESS
}
// ANCHOR_END: child

// ANCHOR: parent
/// Starts this program again as `child n`; waits at most 10 s for its answer.
fn run_child(n: u64) -> Result<(u32, u64), String> {
    let exe =
        std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut child = Command::new(exe)
        .args(["child", &n.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the child: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the child took more than 10 s and was stopped".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    if !status.success() {
        return Err(format!("the child failed: {status}"));
    }
    let mut answer = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    let mut fields = answer.split_whitespace().map(|f| f.parse::<u64>());
    match (fields.next(), fields.next()) {
        (Some(Ok(pid)), Some(Ok(sum))) => Ok((pid as u32, sum)),
        _ => Err(format!("the child answered {answer:?}")),
    }
}

fn parent() -> ExitCode {
    let n = 1_000;
    match run_child(n) {
        Ok((child_pid, sum)) => {
            println!("child answered: the squares of 1..={n} add up to {sum}");
            println!(
                "child ran in another process: {}",
                child_pid != std::process::id()
            );
            println!(
                "the child's store to LAST_RESULT reached the parent: {}",
                LAST_RESULT.load(Ordering::Relaxed) != 0
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("process-worker: {message}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: parent

// ANCHOR: main
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => parent(),
        [role, n] if role == "child" => match n.parse() {
            Ok(n) if n <= 1_000_000 => child(n),
            _ => usage(),
        },
        _ => usage(),
    }
}
// ANCHOR_END: main

fn usage() -> ExitCode {
    eprintln!(
        "usage: process-worker   (or: process-worker child N, with N at most 1000000)"
    );
    ExitCode::from(2)
}
