//! `cargo run -p lab-server -- [--port N]`: the book's HTTP server in a terminal of its own.
//! Listens on 127.0.0.1 only (port 8000 unless told otherwise; 0 lets the OS pick), prints its
//! base URL and runs until Ctrl-C.

use std::net::Ipv4Addr;
use std::process::ExitCode;

const USAGE: &str =
    "usage: lab-server [--port N]   (N from 0 to 65535; 0 = any free port)";

fn parse_port(args: &[String]) -> Result<u16, String> {
    let mut port = 8000;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let value = if arg == "--port" {
            rest.next()
                .ok_or_else(|| format!("--port needs a value; {USAGE}"))?
                .as_str()
        } else if let Some(value) = arg.strip_prefix("--port=") {
            value
        } else if arg == "--help" || arg == "-h" {
            return Err(USAGE.to_string());
        } else {
            return Err(format!("unexpected argument `{arg}`; {USAGE}"));
        };
        port = value
            .parse()
            .map_err(|_| format!("`{value}` is not a port number; {USAGE}"))?;
    }
    Ok(port)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let port = match parse_port(&args) {
        Ok(port) => port,
        Err(message) => {
            eprintln!("lab-server: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("lab-server: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let listener =
            match tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await {
                Ok(listener) => listener,
                Err(e) => {
                    eprintln!("lab-server: cannot listen on 127.0.0.1:{port}: {e}");
                    return ExitCode::FAILURE;
                }
            };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(e) => {
                eprintln!("lab-server: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!("lab-server listening on http://{addr} (Ctrl-C to stop)");
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        match axum::serve(listener, lab_server::router())
            .with_graceful_shutdown(shutdown)
            .await
        {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lab-server: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
