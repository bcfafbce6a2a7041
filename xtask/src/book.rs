//! `cargo xtask build` and `cargo xtask serve`: mdBook as a library, so no `cargo install`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, anyhow};
use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::response::Response;
use axum::routing::get;
use mdbook_driver::MDBook;
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

use crate::run_listing::{self, RunState};

const RELOAD_ENDPOINT: &str = "__livereload";

/// Loads the book at `root` with this crate's own preprocessors in the places book.toml gives them.
pub fn load(root: &Path) -> Result<MDBook> {
    let mut book = MDBook::load(root).map_err(|e| anyhow!("{e:#}"))?;
    book.with_preprocessor(crate::footers::ListingFooters);
    book.with_preprocessor(crate::figures::MeasuredFigures);
    Ok(book)
}

/// Renders the book into `target/book` and returns that directory.
pub fn build() -> Result<PathBuf> {
    let book = load(&crate::root())?;
    let dir = book.build_dir_for("html");
    book.build().map_err(|e| anyhow!("{e:#}"))?;
    Ok(dir)
}

/// The pages' script and style of the Run button, which only a book served on this machine has.
const RUN_BUTTON_JS: &str = "book/theme-extra/run-listing.js";
const RUN_BUTTON_CSS: &str = "book/theme-extra/run-listing.css";

/// Like [`load`], for the book served on this machine: a Run button under every listing
/// (run_listing.rs). The published book lacks them: nothing there could run a listing.
pub fn load_with_run_buttons(root: &Path) -> Result<MDBook> {
    let mut book = load(root)?;
    for (key, file) in [
        ("output.html.additional-js", RUN_BUTTON_JS),
        ("output.html.additional-css", RUN_BUTTON_CSS),
    ] {
        let mut files: Vec<String> = book
            .config
            .get(key)
            .map_err(|e| anyhow!("{e:#}"))?
            .unwrap_or_default();
        files.push(file.into());
        book.config.set(key, files).map_err(|e| anyhow!("{e:#}"))?;
    }
    Ok(book)
}

/// Like [`load_with_run_buttons`], built, with pages that reload themselves when the book is rebuilt.
fn build_for_serving() -> Result<PathBuf> {
    let mut book = load_with_run_buttons(&crate::root())?;
    book.config
        .set("output.html.live-reload-endpoint", RELOAD_ENDPOINT)
        .map_err(|e| anyhow!("{e:#}"))?;
    let dir = book.build_dir_for("html");
    book.build().map_err(|e| anyhow!("{e:#}"))?;
    Ok(dir)
}

pub fn serve(args: &[String]) -> Result<()> {
    let port: u16 = match args {
        [] => 3000,
        [flag, port] if flag == "--port" => {
            port.parse().context("--port takes a number")?
        }
        _ => return Err(anyhow!("usage: cargo xtask serve [--port N]")),
    };
    let dir = build_for_serving()?;
    let (reload, _) = broadcast::channel::<()>(16);

    // Rebuild when a chapter, a listing or an output file changes. The watcher also reports
    // files the build itself merely opened (mdBook reads every included listing), so an event
    // counts only if its file was modified after the last build started, or is gone.
    let on_change = reload.clone();
    let mut last_build = SystemTime::now();
    let mut debouncer =
        notify_debouncer_mini::new_debouncer(Duration::from_millis(300), move |event| {
            let Ok(events) = event else { return };
            let events: Vec<notify_debouncer_mini::DebouncedEvent> = events;
            let changed = events.iter().any(|e| {
                !e.path.components().any(|c| c.as_os_str() == "target")
                    && std::fs::metadata(&e.path)
                        .and_then(|m| m.modified())
                        .map_or(true, |modified| modified >= last_build)
            });
            if !changed {
                return;
            }
            last_build = SystemTime::now();
            match build_for_serving() {
                Ok(_) => {
                    println!("rebuilt the book");
                    let _ = on_change.send(());
                }
                Err(e) => eprintln!("the book did not build: {e:#}"),
            }
        })?;
    let root = crate::root();
    for watched in ["book", "code", "book.toml"] {
        debouncer.watcher().watch(
            &root.join(watched),
            notify_debouncer_mini::notify::RecursiveMode::Recursive,
        )?;
    }

    // Loopback only: the Run button runs programs on this machine (run_listing.rs).
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let runs = RunState::for_listings(&root, port)?;
    let app = Router::new()
        .route(&format!("/{RELOAD_ENDPOINT}"), get(live_reload))
        .with_state(reload)
        .merge(run_listing::router(runs))
        .fallback_service(ServeDir::new(dir));
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("could not listen on {address} (is another server using it? try --port)"))?;
        println!("Serving the book on http://{address} (Ctrl-C to stop); it rebuilds when book/ or code/ changes");
        println!("The Run button under a listing builds and runs it here, as its `cargo run` line says");
        // Ctrl-C does not reach the listings being run: each is in a process group of its own.
        // Ending the runtime here drops their runs, which ends those groups (run_listing/job.rs).
        tokio::select! {
            served = axum::serve(listener, app) => served.context("the server stopped"),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
}

async fn live_reload(
    upgrade: WebSocketUpgrade,
    State(reload): State<broadcast::Sender<()>>,
) -> Response {
    let mut changes = reload.subscribe();
    upgrade.on_upgrade(move |mut socket| async move {
        if changes.recv().await.is_ok() {
            let _ = socket.send(Message::Text("reload".into())).await;
        }
    })
}
