//! Every route, the caps, bad input, and that the server listens on loopback only.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use lab_server::{
    DEFAULT_FILE_BYTES, LabServer, MAX_DELAY_MS, MAX_FILE_BYTES, file_body,
};

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

fn get(url: &str) -> (u16, Vec<u8>) {
    let response = client().get(url).send().unwrap();
    let status = response.status().as_u16();
    (status, response.bytes().unwrap().to_vec())
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[test]
fn index_lists_the_routes() {
    let server = LabServer::start().unwrap();
    let (status, body) = get(&server.base_url());
    assert_eq!(status, 200);
    let body = text(&body);
    for route in ["/delay/{ms}", "/files/{name}", "/status/{code}"] {
        assert!(body.contains(route), "{body}");
    }
}

#[test]
fn delay_answers_after_the_delay() {
    let server = LabServer::start().unwrap();
    let start = Instant::now();
    let (status, body) = get(&format!("{}/delay/150", server.base_url()));
    // A lower bound only: the server must not answer early. (No upper bound: machines are slow.)
    assert!(start.elapsed() >= Duration::from_millis(150));
    assert_eq!(status, 200);
    assert_eq!(text(&body), "waited 150 ms\n");
    let (status, _) = get(&format!("{}/delay/0", server.base_url()));
    assert_eq!(status, 200);
}

#[test]
fn delay_above_the_cap_is_refused_at_once() {
    let server = LabServer::start().unwrap();
    let (status, body) =
        get(&format!("{}/delay/{}", server.base_url(), MAX_DELAY_MS + 1));
    assert_eq!(status, 400);
    assert!(text(&body).contains("cap"), "{}", text(&body));
}

#[test]
fn delay_rejects_what_is_not_a_number() {
    let server = LabServer::start().unwrap();
    for bad in ["abc", "-5", "1.5", "99999999999999999999999"] {
        let (status, body) = get(&format!("{}/delay/{bad}", server.base_url()));
        assert_eq!(status, 400, "/delay/{bad}");
        assert!(!body.is_empty());
    }
}

#[test]
fn files_are_deterministic_and_sized() {
    let server = LabServer::start().unwrap();
    let base = server.base_url();
    let (status, body) = get(&format!("{base}/files/report.txt"));
    assert_eq!(status, 200);
    assert_eq!(body.len(), DEFAULT_FILE_BYTES);
    assert_eq!(body, file_body("report.txt", DEFAULT_FILE_BYTES));
    assert!(body.starts_with(b"report.txt\nreport.txt\n"));
    let (_, again) = get(&format!("{base}/files/report.txt"));
    assert_eq!(body, again);
    let (_, other) = get(&format!("{base}/files/other.txt"));
    assert_ne!(body, other);

    let (status, small) = get(&format!("{base}/files/a.bin?bytes=5"));
    assert_eq!(status, 200);
    assert_eq!(small, b"a.bin");
    let (status, empty) = get(&format!("{base}/files/a.bin?bytes=0"));
    assert_eq!(status, 200);
    assert!(empty.is_empty());
    let (status, largest) = get(&format!("{base}/files/big?bytes={MAX_FILE_BYTES}"));
    assert_eq!(status, 200);
    assert_eq!(largest.len(), MAX_FILE_BYTES);
}

#[test]
fn files_can_take_time() {
    let server = LabServer::start().unwrap();
    let start = Instant::now();
    let (status, body) = get(&format!(
        "{}/files/slow.txt?bytes=9&delay_ms=120",
        server.base_url()
    ));
    assert!(start.elapsed() >= Duration::from_millis(120));
    assert_eq!(status, 200);
    assert_eq!(body, b"slow.txt\n");
}

#[test]
fn files_refuse_bad_parameters() {
    let server = LabServer::start().unwrap();
    let base = server.base_url();
    for query in [
        format!("bytes={}", MAX_FILE_BYTES + 1),
        "bytes=lots".to_string(),
        "bytes=-1".to_string(),
        format!("delay_ms={}", MAX_DELAY_MS + 1),
        "delay_ms=soon".to_string(),
    ] {
        let (status, body) = get(&format!("{base}/files/x.txt?{query}"));
        assert_eq!(status, 400, "?{query}");
        assert!(!body.is_empty(), "?{query}");
    }
    let (status, _) = get(&format!("{base}/files/"));
    assert!((400..500).contains(&status));
}

#[test]
fn status_answers_with_the_code() {
    let server = LabServer::start().unwrap();
    let base = server.base_url();
    for code in [200, 201, 204, 301, 404, 418, 500, 503, 599] {
        let (status, body) = get(&format!("{base}/status/{code}"));
        assert_eq!(status, code);
        if code == 204 {
            assert!(body.is_empty());
        } else {
            assert_eq!(text(&body), format!("status {code}\n"));
        }
    }
    for bad in ["99", "100", "600", "70000", "teapot"] {
        let (status, body) = get(&format!("{base}/status/{bad}"));
        assert_eq!(status, 400, "/status/{bad}");
        assert!(!body.is_empty());
    }
}

#[test]
fn unknown_paths_are_404_with_a_text_body() {
    let server = LabServer::start().unwrap();
    let (status, body) = get(&format!("{}/nowhere", server.base_url()));
    assert_eq!(status, 404);
    assert!(text(&body).contains("/nowhere"));
}

#[test]
fn a_waiting_request_does_not_hold_up_others() {
    let server = LabServer::start().unwrap();
    let slow = {
        let url = format!("{}/delay/{MAX_DELAY_MS}", server.base_url());
        std::thread::spawn(move || client().get(&url).send().map(|r| r.status().as_u16()))
    };
    // Twenty quick requests from twenty threads, all answered while the slow one still waits.
    let url = format!("{}/delay/1", server.base_url());
    let quick: Vec<_> = (0..20)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || get(&url).0)
        })
        .collect();
    for handle in quick {
        assert_eq!(handle.join().unwrap(), 200);
    }
    assert!(!slow.is_finished(), "the 10 s request was answered early");
    drop(server);
    assert!(slow.join().unwrap().is_err());
}

#[test]
fn start_binds_loopback_only() {
    let server = LabServer::start().unwrap();
    assert!(server.addr().ip().is_loopback());
    assert_eq!(server.addr().ip().to_string(), "127.0.0.1");
    assert_ne!(server.addr().port(), 0);
    assert_eq!(
        server.base_url(),
        format!("http://127.0.0.1:{}", server.addr().port())
    );
    // Reachable on loopback...
    TcpStream::connect_timeout(&server.addr(), Duration::from_secs(5)).unwrap();
    // ...and not on this machine's other address, if it has one.
    if let Some(ip) = non_loopback_address() {
        let outside = SocketAddr::new(ip, server.addr().port());
        assert!(
            TcpStream::connect_timeout(&outside, Duration::from_secs(2)).is_err(),
            "the server answered on {outside}"
        );
    }
}

/// The address this machine would use to reach the outside world (no packet is sent).
fn non_loopback_address() -> Option<std::net::IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

#[test]
fn drop_stops_the_server_and_frees_the_port() {
    let server = LabServer::start().unwrap();
    let addr = server.addr();
    // A request still waiting when the server is dropped must not keep it alive.
    let slow = {
        let url = format!("{}/delay/{MAX_DELAY_MS}", server.base_url());
        std::thread::spawn(move || client().get(&url).send().is_err())
    };
    std::thread::sleep(Duration::from_millis(100));
    let start = Instant::now();
    drop(server);
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "drop waited for the slow request"
    );
    assert!(slow.join().unwrap(), "the cut-off request should fail");
    assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_err());
}

#[test]
fn the_binary_serves_on_the_port_it_prints() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lab-server"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let result = std::panic::catch_unwind(|| {
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no base URL in {line:?}"))
            .to_string();
        let (status, body) = get(&format!("{url}/status/201"));
        assert_eq!(status, 201);
        assert_eq!(text(&body), "status 201\n");
    });
    child.kill().unwrap();
    child.wait().unwrap();
    result.unwrap();
}

#[test]
fn the_binary_rejects_bad_arguments_with_exit_code_2() {
    for args in [
        &["--port"][..],
        &["--port", "eighty"],
        &["--port", "70000"],
        &["--bogus"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_lab-server"))
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("lab-server: "));
    }
}
