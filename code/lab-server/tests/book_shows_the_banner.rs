//! Chapter 3 shows what `cargo run -p lab-server -- --port 8000` prints. No listing writes that
//! block (the server runs until Ctrl-C), so this test checks it: the line the binary prints,
//! with the port it was given, must be the line the chapter shows under that command.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const COMMAND: &str = "$ cargo run -p lab-server -- --port 8000";

/// The line right after `COMMAND` in chapter 3's text block.
fn line_the_book_shows() -> String {
    let chapter =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book/ch03-threads-for-io.md");
    let text = std::fs::read_to_string(&chapter).unwrap();
    let mut lines = text.lines().skip_while(|line| *line != COMMAND);
    assert_eq!(
        lines.next(),
        Some(COMMAND),
        "{} no longer shows `{COMMAND}`",
        chapter.display()
    );
    lines.next().expect("a line after the command").to_string()
}

/// The first line the binary prints when it is told to listen on `port`.
fn line_the_server_prints(port: u16) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lab-server"))
        .args(["--port", &port.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(Duration::from_secs(30));
    child.kill().unwrap();
    child.wait().unwrap();
    line.expect("the server printed nothing within 30 s")
        .trim_end()
        .to_string()
}

#[test]
fn chapter_3_shows_the_line_the_server_prints() {
    // A port nothing listens on (free when we asked; the server binds it right after).
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let printed = line_the_server_prints(port);
    let shown = line_the_book_shows();
    assert_eq!(
        printed.replace(&format!(":{port} "), ":8000 "),
        shown,
        "book/ch03-threads-for-io.md shows another line than the server prints"
    );
}
