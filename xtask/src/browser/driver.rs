//! Chromium and chromedriver: finding them, starting them, ending them whatever happens; and
//! the visit itself (the book served on loopback, one browser session, its time limits).

use std::collections::HashMap;
use std::net::{SocketAddr, TcpListener, TcpStream};
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::ClientBuilder;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

use super::Report;
use super::axe::{Accessibility, DESKTOP};
use super::runs::RunCheck;
use super::session::Session;

const INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";
/// How long chromedriver may take to listen, and Chromium to start.
const START_LIMIT: Duration = Duration::from_secs(20);
/// The whole visit of the book, from the first page to the last screenshot, without axe.
const SESSION_LIMIT: Duration = Duration::from_secs(90);
/// What each run of axe (one page, one theme, one viewport) adds to that limit: about 1 s
/// each on two busy cores, 5 s seen under heavy load.
const AXE_RUN_LIMIT: Duration = Duration::from_secs(8);

/// Chromium and chromedriver: `$CHROMIUM` / `$CHROMEDRIVER`, else Debian's paths, else `$PATH`.
pub struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    pub fn find() -> Result<Tools> {
        let chromium =
            crate::find_program(Some("CHROMIUM"), &["chromium", "chromium-browser"]);
        let chromedriver = crate::find_program(Some("CHROMEDRIVER"), &["chromedriver"]);
        match (chromium, chromedriver) {
            (Some(chromium), Some(chromedriver)) => Ok(Tools {
                chromium,
                chromedriver,
            }),
            (chromium, _) => bail!(
                "the browser check needs {} (set $CHROMIUM / $CHROMEDRIVER to use others); \
                 install them with:\n    {INSTALL}",
                if chromium.is_none() {
                    "Chromium and chromedriver"
                } else {
                    "chromedriver"
                }
            ),
        }
    }
}

/// chromedriver, in a process group of its own so that ending the group also ends the
/// Chromium it started. Ended when dropped, whatever happened before.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(tools: &Tools, log: &Path) -> Result<Driver> {
        // A free loopback port: bind port 0, note the port, let it go for chromedriver.
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let log = std::fs::File::create(log)?;
        let mut command = Command::new(&tools.chromedriver);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        // Elsewhere only chromedriver itself is ended (Drop), not the browser it started.
        #[cfg(unix)]
        command.process_group(0);
        let child = command
            .spawn()
            .with_context(|| format!("starting {}", tools.chromedriver.display()))?;
        let mut driver = Driver { child, port };
        let address = SocketAddr::from(([127, 0, 0, 1], port));
        let deadline = Instant::now() + START_LIMIT;
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            if let Some(status) = driver.child.try_wait()? {
                bail!("chromedriver exited ({status}) before it listened on port {port}");
            }
            if Instant::now() > deadline {
                bail!(
                    "chromedriver did not listen on port {port} within {START_LIMIT:?}"
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Ok(group) = i32::try_from(self.child.id()) {
            // SAFETY: kill(2) with a negative pid signals the process group we created at spawn.
            unsafe {
                libc::kill(-group, libc::SIGKILL);
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// chromedriver's log of the browser console: POST /session/{id}/se/log {"type": "browser"}.
/// It returns (and forgets) what the console printed since the last call, load-time errors
/// included, which a script injected after the page loaded could not see.
#[derive(Debug)]
pub struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.into()))
    }
}

/// Serves `dir` with the endpoint of the Run button, starts the browser and visits `pages`, then
/// clicks Run under `runs`' listing; `screenshots` also saves three pages. `a11y`: axe-core
/// on every page in its themes, and the phone's width.
pub fn visit(
    tools: &Tools,
    dir: &Path,
    pages: &[String],
    out: &Path,
    screenshots: bool,
    runs: &RunCheck,
    a11y: &Accessibility,
) -> Result<Report> {
    let axe_runs = pages.len() * a11y.themes.len() * (1 + usize::from(a11y.phone));
    let session_limit = SESSION_LIMIT + AXE_RUN_LIMIT * u32::try_from(axe_runs)?;
    let profile = out.join("chromium-profile");
    let _ = std::fs::remove_dir_all(&profile);
    std::fs::create_dir_all(&profile)?;
    let driver = Driver::start(tools, &out.join("chromedriver.log"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let result = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let site = format!("http://{address}/");
        // A missing page gets the book's 404 page, as GitHub Pages serves it.
        let app = runs.router(address.port())?.fallback_service(
            tower_http::services::ServeDir::new(dir).not_found_service(
                tower_http::services::ServeFile::new(dir.join("404.html")),
            ),
        );
        tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });

        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
            "timeouts": { "pageLoad": 20_000, "script": 30_000, "implicit": 0 },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!()
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = tokio::time::timeout(
            START_LIMIT,
            ClientBuilder::new(connector)
                .capabilities(capabilities)
                .connect(&format!("http://127.0.0.1:{}/", driver.port)),
        )
        .await
        .map_err(|_| anyhow!("Chromium did not start within {START_LIMIT:?}"))?
        .context("starting a Chromium session through chromedriver")?;

        let mut session = Session {
            client: &client,
            site: url::Url::parse(&site)?,
            dir,
            report: Report::default(),
            ids: HashMap::new(),
            a11y,
            axe_found: Vec::new(),
        };
        // Ctrl-C ends the visit like an error, so the browser is still closed and chromedriver
        // (in a process group of its own, which the terminal's Ctrl-C does not reach) ended.
        let outcome = tokio::select! {
            result = tokio::time::timeout(session_limit, async {
                session.check(pages, out, screenshots).await?;
                session.check_runs(runs).await?;
                session.check_schedulers(&runs.root, pages).await
            }) => {
                result.unwrap_or_else(|_| {
                    Err(anyhow!("the browser check took over {session_limit:?}"))
                })
            }
            _ = tokio::signal::ctrl_c() => Err(anyhow!("interrupted")),
        };
        let report = session.report;
        std::fs::write(
            out.join("axe.json"),
            serde_json::to_string_pretty(&session.axe_found)?,
        )?;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        outcome.map(|()| report)
    });
    runtime.shutdown_timeout(Duration::from_secs(2));
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    result
}
