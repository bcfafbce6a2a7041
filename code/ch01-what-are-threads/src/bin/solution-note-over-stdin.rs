//! Exercise 1-2: a second process sees the parent's note only if the parent sends it.
use std::env;
use std::io::{Read, Write};
use std::process::{Command, ExitCode, Stdio};

fn child() -> ExitCode {
    let mut note = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut note) {
        eprintln!("child: could not read standard input: {e}");
        return ExitCode::FAILURE;
    }
    println!("child  read from its standard input: {note:?}");
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    if env::args().nth(1).as_deref() == Some("--child") {
        return child();
    }
    let note = String::from("written by main, then by a thread");
    println!("parent writes to the child's standard input: {note:?}");

    let spawned = env::current_exe().and_then(|me| {
        Command::new(me)
            .arg("--child")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
    });
    let mut child_process = match spawned {
        Ok(child) => child,
        Err(e) => {
            eprintln!("could not start a child process: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Write the bytes, then drop the pipe so the child sees the end of its input.
    let mut pipe = child_process.stdin.take().expect("stdin was piped");
    if let Err(e) = pipe.write_all(note.as_bytes()) {
        eprintln!("could not write to the child: {e}");
        return ExitCode::FAILURE;
    }
    drop(pipe);

    match child_process.wait_with_output() {
        Ok(out) if out.status.success() => {
            print!("{}", String::from_utf8_lossy(&out.stdout));
            ExitCode::SUCCESS
        }
        Ok(out) => {
            eprintln!("the child process failed: {}", out.status);
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("could not wait for the child: {e}");
            ExitCode::FAILURE
        }
    }
}
