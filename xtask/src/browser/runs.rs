//! The Run button, as a reader uses it: the book is served with the endpoint of
//! `cargo xtask serve` (run_listing), the check clicks Run under one listing whose output is
//! exact and waits for the page to show what its output file shows; then it sends the endpoint
//! a run from another site's page (a foreign `Origin`), which must be refused.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::session::Session;
use crate::run_listing::{self, RunState};

/// How long the page may take to show a listing's whole output once Run is clicked (the
/// listing was built beforehand: this is `cargo build` finding it current, and the run).
const RUN_WAIT: Duration = Duration::from_secs(30);
/// The Origin of the foreign request: a page of another site.
pub const FOREIGN_ORIGIN: &str = "https://attacker.example";

// The problems, as the report words them (the self-test looks for the same words).
/// "the listing {id} {RUN_OUTPUT_WRONG} ...".
pub const RUN_OUTPUT_WRONG: &str = "shows, after Run, not what its output file says";
/// "a run requested with Origin {FOREIGN_ORIGIN} {FOREIGN_ORIGIN_RAN} {status}".
pub const FOREIGN_ORIGIN_RAN: &str = "was not refused: the endpoint answered";

/// The listing whose Run button the check clicks, and how the endpoint is served.
pub struct RunCheck {
    /// The page of the book that shows it (`ch02-x.html`).
    pub page: String,
    /// `<crate>/<bin>`, as the footer's `data-listing` names it.
    pub listing: String,
    /// Its committed output file, which the page must show to the letter.
    pub expected: String,
    /// The repository whose listings the endpoint runs.
    pub root: PathBuf,
    /// The self-test's breakage: every request's Origin replaced by the book's own.
    pub forge_origin: bool,
    /// Where to save a screenshot of the listing and its output, once shown.
    pub screenshot: Option<PathBuf>,
}

impl RunCheck {
    /// The first listing of the rendered book in `dir` (pages in SUMMARY order) whose output is
    /// exact, built now so that clicking its Run button does not wait for a compiler.
    pub fn first_exact(root: &Path, dir: &Path, pages: &[String]) -> Result<RunCheck> {
        let crates = listing_check::listing_crates(root).map_err(anyhow::Error::msg)?;
        let exact = |id: &str| {
            let (package, bin) = id.split_once('/')?;
            let found = crates.iter().find(|c| c.package == package)?;
            let listing = found.listings.iter().find(|l| l.bin == bin)?;
            (listing.output == listing_check::OutputKind::Exact && !listing.release)
                .then(|| found.dir.join(listing.output_file()))
        };
        for page in pages {
            let html = std::fs::read_to_string(dir.join(page))?;
            for id in html
                .split("data-listing=\"")
                .skip(1)
                .filter_map(|s| s.split('"').next())
            {
                if let Some(output) = exact(id) {
                    let (package, bin) = id.split_once('/').unwrap_or_default();
                    let status = crate::cargo()
                        .args(["build", "--quiet", "-p", package, "--bin", bin])
                        .status()
                        .context("running cargo build")?;
                    if !status.success() {
                        bail!("cargo build -p {package} --bin {bin} failed");
                    }
                    return Ok(RunCheck {
                        page: page.clone(),
                        listing: id.to_string(),
                        expected: std::fs::read_to_string(&output)
                            .with_context(|| output.display().to_string())?,
                        root: root.to_path_buf(),
                        forge_origin: false,
                        screenshot: None,
                    });
                }
            }
        }
        bail!("no page of the book shows a listing whose output is exact")
    }

    /// The endpoint's routes for a book served on `port`.
    pub fn router(&self, port: u16) -> Result<axum::Router> {
        let router = run_listing::router(RunState::for_listings(&self.root, port)?);
        if !self.forge_origin {
            return Ok(router);
        }
        let own = http::HeaderValue::from_str(&format!("http://127.0.0.1:{port}"))?;
        Ok(router.layer(axum::middleware::map_request(
            move |mut request: axum::extract::Request| {
                let own = own.clone();
                async move {
                    request.headers_mut().insert(http::header::ORIGIN, own);
                    request
                }
            },
        )))
    }
}

impl Session<'_> {
    /// Clicks Run under the listing and compares; then the foreign run. Problems of both go to
    /// the report's item "run".
    pub async fn check_runs(&mut self, run: &RunCheck) -> Result<()> {
        let mut problems = Vec::new();
        let detail = match self.click_run(run).await {
            Ok(None) => {
                format!("{} on {}: its output, as committed", run.listing, run.page)
            }
            Ok(Some(problem)) => {
                problems.push(problem);
                format!("{} on {}", run.listing, run.page)
            }
            Err(e) => {
                problems.push(format!("clicking Run under {}: {e:#}", run.listing));
                String::new()
            }
        };
        match self.foreign_run(&run.listing).await {
            Ok(403) => {}
            Ok(status) => problems.push(format!(
                "a run requested with Origin {FOREIGN_ORIGIN} {FOREIGN_ORIGIN_RAN} {status}"
            )),
            Err(e) => problems.push(format!("the run with a foreign Origin: {e:#}")),
        }
        self.push_item(
            "run",
            format!("{detail}; a foreign Origin gets 403"),
            problems,
        )
        .await
    }

    /// What is wrong with the output the page shows after Run, if anything.
    async fn click_run(&mut self, run: &RunCheck) -> Result<Option<String>> {
        self.client.goto(&self.url(&run.page)).await?;
        self.wait_until("document.readyState === 'complete'").await;
        let footer = format!(".listing-footer[data-listing=\"{}\"]", run.listing);
        // A solution's listing sits in a closed <details>: open it, as a reader would.
        self.client
            .execute(
                "const f = document.querySelector(arguments[0]); \
                 if (f && f.closest('details')) f.closest('details').open = true; \
                 if (f) f.scrollIntoView({block: 'center'});",
                vec![json!(footer)],
            )
            .await?;
        self.client
            .find(Locator::Css(&format!("{footer} .listing-run")))
            .await
            .context("finding its Run button")?
            .click()
            .await?;
        let output = format!("{footer} + pre.listing-run-output");
        let script = format!(
            "const o = document.querySelector('{output}'); \
             return o && o.dataset.state && o.dataset.state !== 'running' ? [o.dataset.state, o.textContent] : null;"
        );
        let deadline = Instant::now() + RUN_WAIT;
        let shown = loop {
            let answer = self.client.execute(&script, vec![]).await?;
            if let Some([state, text]) = answer.as_array().map(Vec::as_slice) {
                break (
                    state.as_str().unwrap_or("").to_string(),
                    text.as_str().unwrap_or("").to_string(),
                );
            }
            if Instant::now() > deadline {
                return Ok(Some(format!(
                    "the listing {} {RUN_OUTPUT_WRONG}: its run did not end within {RUN_WAIT:?}",
                    run.listing
                )));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        if let Some(file) = &run.screenshot {
            std::fs::write(file, self.client.screenshot().await?)?;
        }
        if shown.1 == run.expected {
            return Ok(None);
        }
        let (line, page, file) = shown
            .1
            .lines()
            .map(Some)
            .chain(std::iter::repeat(None))
            .zip(
                run.expected
                    .lines()
                    .map(Some)
                    .chain(std::iter::repeat(None)),
            )
            .enumerate()
            .find(|(_, (a, b))| a != b)
            .map(|(i, (a, b))| {
                (i + 1, a.unwrap_or("(nothing)"), b.unwrap_or("(nothing)"))
            })
            .unwrap_or((0, "", ""));
        Ok(Some(format!(
            "the listing {} {RUN_OUTPUT_WRONG} (state {}): line {line} is {page:?}, not {file:?}",
            run.listing, shown.0
        )))
    }

    /// The status the endpoint answers a run that another site's page asks for.
    async fn foreign_run(&self, listing: &str) -> Result<u16> {
        let host = self.site.host_str().unwrap_or("127.0.0.1");
        let port = self.site.port().unwrap_or(80);
        let request = format!(
            "POST /{}/{listing} HTTP/1.1\r\nHost: {host}:{port}\r\nOrigin: {FOREIGN_ORIGIN}\r\n\
             Content-Length: 0\r\nConnection: close\r\n\r\n",
            run_listing::ENDPOINT
        );
        let answer = tokio::time::timeout(RUN_WAIT, async {
            let mut stream = tokio::net::TcpStream::connect((host, port)).await?;
            stream.write_all(request.as_bytes()).await?;
            let mut answer = Vec::new();
            stream.read_to_end(&mut answer).await?;
            anyhow::Ok(answer)
        })
        .await
        .context("no answer in time")??;
        let text = String::from_utf8_lossy(&answer);
        text.get(9..12)
            .and_then(|s| s.parse().ok())
            .with_context(|| format!("not an HTTP answer: {:?}", text.lines().next()))
    }
}
