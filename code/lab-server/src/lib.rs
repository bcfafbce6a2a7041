//! The book's local HTTP server.
//!
//! Every network listing of the book talks to this server instead of the internet, so the book
//! runs and tests offline and its timings do not depend on someone else's network. It answers
//! plain HTTP/1.1 on the loopback interface only.
//!
//! # Routes
//!
//! | Route | Answer |
//! |---|---|
//! | `GET /` | a short text listing these routes |
//! | `GET /delay/{ms}` | `200 OK` after `ms` milliseconds (at most [`MAX_DELAY_MS`], else `400`) |
//! | `GET /files/{name}?bytes=N&delay_ms=D` | `200 OK` with [`file_body`]`(name, N)` (`N` defaults to [`DEFAULT_FILE_BYTES`], at most [`MAX_FILE_BYTES`]), sent after `D` ms (default 0, at most [`MAX_DELAY_MS`]) |
//! | `GET /status/{code}` | an answer with that status code (200–599, else `400`) |
//!
//! Anything else gets a `4xx` answer with a one-line text body; no input makes the server panic.
//! Delays are `tokio::time::sleep`s, so a thousand waiting requests cost the server nothing but
//! a few timers.
//!
//! # Use
//!
//! From blocking code (the threaded chapters), start one in the background:
//!
//! ```
//! let server = lab_server::LabServer::start()?;
//! let url = format!("{}/delay/10", server.base_url());
//! # assert!(url.starts_with("http://127.0.0.1:"));
//! // ... send requests to `url` ...
//! drop(server); // stops it
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! From async code, serve [`router`] on your own runtime, or call [`serve`] with a listener.
//! From a terminal: `cargo run -p lab-server -- --port 8000`.
//!
//! # The machine line
//!
//! Every measurement listing of the book also prints [`machine()`], one line naming the machine
//! its numbers come from; it lives here because every chapter crate may depend on this one.

use std::net::{Ipv4Addr, SocketAddr};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query};
use axum::http::{StatusCode, Uri};
use axum::response::IntoResponse;
use axum::routing::get;
use serde::Deserialize;
use tokio::sync::oneshot;

mod machine;
pub use machine::machine;

/// The longest delay `/delay/{ms}` and `/files/{name}?delay_ms=` accept, in milliseconds.
pub const MAX_DELAY_MS: u64 = 10_000;

/// The size of a `/files/{name}` body when the request gives no `bytes=`.
pub const DEFAULT_FILE_BYTES: usize = 1024;

/// The largest body `/files/{name}?bytes=` accepts: 10 MiB.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// A lab server running on a thread of its own, with its own tokio runtime.
///
/// It listens on `127.0.0.1` on a port the OS picks. Dropping it stops the server: requests in
/// flight are cut off, the runtime and its thread end, and the port is released.
pub struct LabServer {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LabServer {
    /// Starts the server on `127.0.0.1:0` on its own thread; returns once it is listening, so a
    /// request sent right after `start` returns is answered.
    pub fn start() -> std::io::Result<LabServer> {
        // Bind here, on the caller's thread: when this returns, the socket is listening.
        let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("lab-server-worker")
            .enable_all()
            .build()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("lab-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let listener = match tokio::net::TcpListener::from_std(listener) {
                        Ok(listener) => listener,
                        Err(e) => {
                            eprintln!("lab-server: {e}");
                            return;
                        }
                    };
                    tokio::select! {
                        result = serve(listener) => {
                            if let Err(e) = result {
                                eprintln!("lab-server: {e}");
                            }
                        }
                        _ = stopped => {}
                    }
                });
                // Dropping the runtime here cancels every connection still open.
                drop(runtime);
            })?;
        Ok(LabServer {
            addr,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The address the server listens on (always on `127.0.0.1`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for LabServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The server's routes, for async users who run it on their own runtime.
pub fn router() -> Router {
    Router::new()
        .route("/", get(index))
        .route("/delay/{ms}", get(delay))
        .route("/files/{name}", get(file))
        .route("/status/{code}", get(status))
        .fallback(not_found)
}

/// Serves [`router`] on `listener` until the listener fails (on the current tokio runtime).
pub async fn serve(listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, router()).await
}

/// The body `/files/{name}?bytes=N` sends: `name` and a newline, repeated, cut at `bytes` bytes.
/// Two requests for the same name and size always get the same body.
pub fn file_body(name: &str, bytes: usize) -> Vec<u8> {
    let line = format!("{name}\n");
    line.bytes().cycle().take(bytes).collect()
}

const ROUTES: &str = "\
lab-server routes:
  GET /delay/{ms}                          200 after ms milliseconds (ms <= 10000)
  GET /files/{name}?bytes=N&delay_ms=D     N bytes derived from name (default 1024, max 10 MiB), after D ms
  GET /status/{code}                       an answer with that status code (200..=599)
";

async fn index() -> &'static str {
    ROUTES
}

fn bad_request(message: String) -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, message + "\n")
}

fn check_delay(ms: u64) -> Result<Duration, (StatusCode, String)> {
    if ms > MAX_DELAY_MS {
        Err(bad_request(format!(
            "delay of {ms} ms is above the cap of {MAX_DELAY_MS} ms"
        )))
    } else {
        Ok(Duration::from_millis(ms))
    }
}

async fn delay(Path(ms): Path<u64>) -> Result<String, (StatusCode, String)> {
    tokio::time::sleep(check_delay(ms)?).await;
    Ok(format!("waited {ms} ms\n"))
}

#[derive(Deserialize)]
struct FileParams {
    bytes: Option<usize>,
    delay_ms: Option<u64>,
}

async fn file(
    Path(name): Path<String>,
    Query(params): Query<FileParams>,
) -> Result<Vec<u8>, (StatusCode, String)> {
    let bytes = params.bytes.unwrap_or(DEFAULT_FILE_BYTES);
    if bytes > MAX_FILE_BYTES {
        return Err(bad_request(format!(
            "{bytes} bytes is above the cap of {MAX_FILE_BYTES} bytes"
        )));
    }
    if name.is_empty() {
        return Err(bad_request("a file needs a name".into()));
    }
    let wait = check_delay(params.delay_ms.unwrap_or(0))?;
    tokio::time::sleep(wait).await;
    Ok(file_body(&name, bytes))
}

async fn status(
    Path(code): Path<u16>,
) -> Result<impl IntoResponse, (StatusCode, String)> {
    let status = StatusCode::from_u16(code)
        .ok()
        .filter(|_| (200..=599).contains(&code))
        .ok_or_else(|| {
            bad_request(format!("{code} is not a status code from 200 to 599"))
        })?;
    // These statuses have no body by definition.
    let body = if matches!(code, 204 | 205 | 304) {
        String::new()
    } else {
        format!("status {code}\n")
    };
    Ok((status, body))
}

async fn not_found(uri: Uri) -> (StatusCode, String) {
    (
        StatusCode::NOT_FOUND,
        format!("no route for {}; GET / lists the routes\n", uri.path()),
    )
}
