//! The Run button of `cargo xtask serve`: `POST /__run/<crate>/<bin>` builds and runs that
//! listing on the reader's machine and streams what it prints into the page.
//!
//! Only a listing of a `listings.toml` runs, with the arguments and profile that file gives it:
//! nothing of the request reaches a command line, and no code from it is compiled. The request
//! must come from the served book itself: its `Host` must be the address the server listens on
//! (a page of another site whose name resolves to 127.0.0.1, DNS rebinding, sends its own name)
//! and its `Origin` must be that address too (a page of another site can send a POST here, a
//! form or a `no-cors` fetch, but the browser names that page in `Origin`). Every run is bounded
//! in time and output, and at most [`Limits::concurrent`] run at once.
//!
//! - `job.rs`: what a run is (the listing's build and run commands) and how it runs: a process
//!   group of its own, killed at the time limit, its output streamed through one pipe.
//! - `tests.rs` (and `tests/`: the client, the refusals): the endpoint over real HTTP, with
//!   small commands in place of listings.
//!
//! The page's side is `book/theme-extra/run-listing.js`, which `cargo xtask serve` adds to the
//! pages (book.rs); the published book has neither the script nor the endpoint.

mod job;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use tokio::io::{AsyncRead, DuplexStream, ReadBuf};
use tokio::sync::{Semaphore, oneshot};

pub use job::{Job, Step};

/// The path under which the endpoint answers: `/__run/<crate>/<bin>`.
pub const ENDPOINT: &str = "__run";

/// How much one run may take.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The listing's own run, from start to exit.
    pub run_time: Duration,
    /// `cargo build` of the listing (a first release build of a crate takes minutes).
    pub build_time: Duration,
    /// Bytes of output streamed before the listing is stopped.
    pub output: usize,
    /// Runs at once; one more is answered 429.
    pub concurrent: usize,
}

pub const LIMITS: Limits = Limits {
    run_time: Duration::from_secs(120),
    build_time: Duration::from_secs(600),
    output: 256 * 1024,
    concurrent: 2,
};

/// Where a run comes from: `(crate, bin)` to the job, None if there is no such listing.
pub type Catalogue = Arc<dyn Fn(&str, &str) -> Result<Option<Job>, String> + Send + Sync>;

#[derive(Clone)]
pub struct RunState {
    catalogue: Catalogue,
    limits: Limits,
    permits: Arc<Semaphore>,
    /// The port the book is served on: `Host` and `Origin` must name it.
    port: u16,
}

impl RunState {
    pub fn new(catalogue: Catalogue, limits: Limits, port: u16) -> RunState {
        let permits = Arc::new(Semaphore::new(limits.concurrent));
        RunState {
            catalogue,
            limits,
            permits,
            port,
        }
    }

    /// The listings of the repository at `root`, built and run as its `listings.toml` says.
    pub fn for_listings(root: &Path, port: u16) -> anyhow::Result<RunState> {
        let target = listing_check::target_dir(root).map_err(anyhow::Error::msg)?;
        let root = root.to_path_buf();
        let catalogue: Catalogue =
            Arc::new(move |package, bin| listing_job(&root, &target, package, bin));
        Ok(RunState::new(catalogue, LIMITS, port))
    }
}

/// The routes of the endpoint, to merge into the server of the book.
pub fn router(state: RunState) -> Router {
    Router::new()
        .route(&format!("/{ENDPOINT}"), any(run))
        .route(&format!("/{ENDPOINT}/"), any(run))
        .route(&format!("/{ENDPOINT}/{{*listing}}"), any(run))
        .with_state(state)
}

/// A refusal: the status, and one line that says why.
fn refuse(status: StatusCode, why: impl Into<String>) -> Response {
    let mut line = why.into();
    line.push('\n');
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        line,
    )
        .into_response()
}

async fn run(
    State(state): State<RunState>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let host = match served_host(&headers, state.port) {
        Ok(host) => host,
        Err(refusal) => return refusal,
    };
    if method != Method::POST {
        let mut response =
            refuse(StatusCode::METHOD_NOT_ALLOWED, "only POST runs a listing");
        response
            .headers_mut()
            .insert(header::ALLOW, header::HeaderValue::from_static("POST"));
        return response;
    }
    if let Err(refusal) = check_origin(&headers, &host) {
        return refusal;
    }
    let (package, bin) = match listing_of(&uri, &body) {
        Ok(listing) => listing,
        Err(why) => return refuse(StatusCode::BAD_REQUEST, why),
    };
    let job = match (state.catalogue)(&package, &bin) {
        Ok(Some(job)) => job,
        Ok(None) => {
            return refuse(
                StatusCode::NOT_FOUND,
                format!("no listing {package}/{bin} in code/{package}/listings.toml"),
            );
        }
        Err(e) => return refuse(StatusCode::INTERNAL_SERVER_ERROR, e),
    };
    let Ok(permit) = state.permits.clone().try_acquire_owned() else {
        return refuse(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "{} listings are running already: wait for one to finish",
                state.limits.concurrent
            ),
        );
    };
    // The body reads one end of a pipe, and holds the receiver of `left`: once the reader is
    // gone (the page closed or reloaded), the body is dropped, and the run stops.
    let (writer, reader) = tokio::io::duplex(16 * 1024);
    let (left, watched) = oneshot::channel();
    let limits = state.limits.clone();
    tokio::spawn(async move {
        job::stream(job, &limits, writer, left).await;
        drop(permit);
    });
    let body = Body::new(tower_http::services::fs::AsyncReadBody::with_capacity(
        BodyEnd {
            reader,
            _watched: watched,
        },
        4096,
    ));
    Response::builder()
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header("x-content-type-options", "nosniff")
        .body(body)
        .unwrap_or_else(|_| refuse(StatusCode::INTERNAL_SERVER_ERROR, "response"))
}

/// The response body's end of the pipe: what the run writes, and, dropped with it, the receiver
/// whose end tells the run that nobody reads any more.
struct BodyEnd {
    reader: DuplexStream,
    _watched: oneshot::Receiver<()>,
}

impl AsyncRead for BodyEnd {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.reader).poll_read(cx, buf)
    }
}

/// The request's `Host`, if it is the served address by either loopback name; else 403. A
/// browser leaves the port out of `Host` and `Origin` only when it is 80, HTTP's own.
#[allow(clippy::result_large_err)]
fn served_host(headers: &HeaderMap, port: u16) -> Result<String, Response> {
    let served: Vec<String> = ["127.0.0.1", "localhost"]
        .iter()
        .map(|name| match port {
            80 => name.to_string(),
            _ => format!("{name}:{port}"),
        })
        .collect();
    let host = only(headers, header::HOST);
    match host.filter(|h| served.iter().any(|s| s == h)) {
        Some(host) => Ok(host.to_string()),
        None => Err(refuse(
            StatusCode::FORBIDDEN,
            format!(
                "Host {} is not this book's address ({})",
                host.unwrap_or("(none)"),
                served.join(" or ")
            ),
        )),
    }
}

/// The value of a header the request has exactly once: a request with two `Host` (which RFC
/// 9112 answers with 400) or two `Origin` is not one of the book's pages.
fn only(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    let mut values = headers.get_all(name).iter();
    match (values.next(), values.next()) {
        (Some(value), None) => value.to_str().ok(),
        _ => None,
    }
}

/// `Origin` must be the served address the request came to (`http://<Host>`); else 403.
#[allow(clippy::result_large_err)]
fn check_origin(headers: &HeaderMap, host: &str) -> Result<(), Response> {
    let origin = only(headers, header::ORIGIN);
    if origin == Some(format!("http://{host}").as_str()) {
        return Ok(());
    }
    Err(refuse(
        StatusCode::FORBIDDEN,
        format!(
            "Origin {} is not this book (http://{host}): only its own pages run listings",
            origin.unwrap_or("(none)")
        ),
    ))
}

/// The `(crate, bin)` a request names: `/__run/<crate>/<bin>`, nothing else (no query, no body).
fn listing_of(uri: &Uri, body: &Bytes) -> Result<(String, String), String> {
    if uri.query().is_some() {
        return Err("a run takes no query: the listing's arguments are its own".into());
    }
    if !body.is_empty() {
        return Err("a run takes no body: it runs the listing as it is".into());
    }
    let rest = uri
        .path()
        .strip_prefix(&format!("/{ENDPOINT}/"))
        .unwrap_or_default();
    let name = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
            })
    };
    match rest.split('/').collect::<Vec<_>>().as_slice() {
        [package, bin] if name(package) && name(bin) => {
            Ok((package.to_string(), bin.to_string()))
        }
        _ => Err(format!(
            "{} is not /{ENDPOINT}/<crate>/<bin> (lower-case letters, digits, - and _)",
            uri.path()
        )),
    }
}

/// A listing of `code/<package>/listings.toml`: `cargo build` it, then run its binary with the
/// arguments the book shows.
fn listing_job(
    root: &Path,
    target: &Path,
    package: &str,
    bin: &str,
) -> Result<Option<Job>, String> {
    let crates = listing_check::listing_crates(root)?;
    let Some(found) = crates.iter().find(|c| c.package == package) else {
        return Ok(None);
    };
    let Some(listing) = found.listings.iter().find(|l| l.bin == bin) else {
        return Ok(None);
    };
    // Not --quiet: what cargo prints while it compiles is the page's progress line.
    let mut build = vec!["build", "-p", package, "--bin", bin];
    if listing.release {
        build.push("--release");
    }
    let profile = if listing.release { "release" } else { "debug" };
    Ok(Some(Job {
        shown: listing.command_line(package),
        build: Some(Step {
            program: PathBuf::from(
                std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()),
            ),
            args: build.into_iter().map(String::from).collect(),
        }),
        run: Step {
            program: target.join(profile).join(bin),
            args: listing.args.clone(),
        },
        dir: root.to_path_buf(),
    }))
}
