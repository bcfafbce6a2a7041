use std::env;
use std::process::{self, Command, ExitCode};
use std::thread;

// ANCHOR: main
fn main() -> ExitCode {
    let mut note = String::from("written by main");

    if env::args().nth(1).as_deref() == Some("--child") {
        println!("child  process {}: note = {note:?}", process::id());
        return ExitCode::SUCCESS;
    }

    // A thread of this process changes `note` in place...
    thread::scope(|scope| {
        scope.spawn(|| note.push_str(", then by a thread"));
    });
    println!("parent process {}: note = {note:?}", process::id());

    // ...but a second process starts from its own, fresh memory.
    let child =
        env::current_exe().and_then(|me| Command::new(me).arg("--child").output());
    match child {
        Ok(out) if out.status.success() => {
            print!("{}", String::from_utf8_lossy(&out.stdout));
            ExitCode::SUCCESS
        }
        Ok(out) => {
            eprintln!("the child process failed: {}", out.status);
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("could not start a child process: {e}");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: main
