//! Exercise 13-3: a child process that panics takes nothing down with it; the parent reads
//! its exit status and carries on with a healthy child.
//! Usage: solution-crash-isolation   (it starts itself as `... child ok|crash`)
use std::io::Read;
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::time::{Duration, Instant};

// ANCHOR: main
/// Runs this program as `child <how>`; returns its status and its standard error.
fn run_child(how: &str) -> Result<(ExitStatus, String), String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = Command::new(exe)
        .args(["child", how])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start the child: {e}"))?;
    // Read its stderr on a thread: the read ends when the child exits or is killed.
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut errors = String::new();
        let _ = stderr.read_to_string(&mut errors);
        errors
    });
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return Ok((status, reader.join().unwrap_or_default()));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err("the child took more than 10 s and was stopped".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn parent() -> ExitCode {
    for how in ["crash", "ok"] {
        match run_child(how) {
            Ok((status, errors)) => println!(
                "child {how:>5}: exit code {:?}, its stderr mentions a panic: {}",
                status.code(),
                errors.contains("panicked")
            ),
            Err(message) => {
                eprintln!("solution-crash-isolation: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    println!("parent: still running after both children");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [] => parent(),
        ["child", "crash"] => {
            let empty: Vec<u32> = Vec::new();
            println!("{}", empty[0]); // index out of bounds: this child panics
            ExitCode::SUCCESS
        }
        ["child", "ok"] => ExitCode::SUCCESS,
        _ => {
            eprintln!("usage: solution-crash-isolation   (or: ... child ok|crash)");
            ExitCode::from(2)
        }
    }
}
// ANCHOR_END: main
