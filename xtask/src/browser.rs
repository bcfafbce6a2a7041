//! `cargo xtask browser`: the reader's experience, checked in headless Chromium.
//!
//! Builds the book, serves it on a loopback port, starts chromedriver (which starts Chromium) and
//! visits every page in SUMMARY order, going from one page to the next by clicking its "next"
//! link. On every page it checks what a reader would trip over: errors in the console, a listing
//! that shows nothing (an ANCHOR that expands to nothing), an image that does not load, a link to
//! a page or an anchor that does not exist. Then the search box, the theme switch and the
//! "previous" link, and three screenshots into `target/browser/`.
//!
//! `cargo xtask browser --self-test` renders a copy of the book broken on purpose (an emptied
//! ANCHOR, a script error, a missing image, dead links, a wrong "next" link, no search index) and
//! passes only if the check reports every one of those breakages.

use std::collections::{BTreeSet, HashMap};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";
/// How long chromedriver may take to listen, and Chromium to start.
const START_LIMIT: Duration = Duration::from_secs(20);
/// The whole visit of the book, from the first page to the last screenshot.
const SESSION_LIMIT: Duration = Duration::from_secs(90);
/// Any one wait in a page: a click's navigation, search results, images, a theme change.
const WAIT: Duration = Duration::from_secs(8);
/// The words the search box must find.
const SEARCH_TERMS: &[&str] = &["Mutex", "Semaphore"];

pub fn run(args: &[String]) -> Result<()> {
    let self_test = match args {
        [] => false,
        [flag] if flag == "--self-test" => true,
        _ => bail!("usage: cargo xtask browser [--self-test]"),
    };
    let tools = Tools::find()?;
    let root = crate::root();
    let out = root.join("target/browser");
    std::fs::create_dir_all(&out)?;
    if self_test {
        return self_test_run(&tools, &root, &out);
    }
    let started = Instant::now();
    let dir = crate::book::build()?;
    let pages = summary_pages(&root)?;
    let report = visit(&tools, &dir, &pages, &out, true)?;
    report.print();
    println!(
        "(the browser check took {:.1} s)",
        started.elapsed().as_secs_f64()
    );
    let failed = report.failed();
    println!(
        "browser: {} passed, {failed} failed",
        report.items.len() - failed
    );
    if failed > 0 {
        bail!("{failed} browser check(s) failed");
    }
    Ok(())
}

/// Chromium and chromedriver: `$CHROMIUM` / `$CHROMEDRIVER`, else Debian's paths, else `$PATH`.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
}

impl Tools {
    fn find() -> Result<Tools> {
        let find = |var: &str, names: &[&str]| -> Option<PathBuf> {
            if let Some(path) = std::env::var_os(var) {
                return Some(PathBuf::from(path)).filter(|p| p.is_file());
            }
            let path = std::env::var_os("PATH").unwrap_or_default();
            let mut dirs = vec![PathBuf::from("/usr/bin")];
            dirs.extend(std::env::split_paths(&path));
            names
                .iter()
                .flat_map(|name| dirs.iter().map(move |dir| dir.join(name)))
                .find(|candidate| candidate.is_file())
        };
        let chromium = find("CHROMIUM", &["chromium", "chromium-browser"]);
        let chromedriver = find("CHROMEDRIVER", &["chromedriver"]);
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

/// The pages of the book in SUMMARY order, as paths of the rendered site (`ch01-x.html`).
fn summary_pages(root: &Path) -> Result<Vec<String>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let summary = std::fs::read_to_string(root.join("book/SUMMARY.md"))
        .context("reading book/SUMMARY.md")?;
    let mut pages = Vec::new();
    for event in Parser::new(&summary) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && let Some(stem) = dest_url.strip_suffix(".md")
        {
            let page = match stem {
                "README" | "index" => "index".to_string(),
                _ => stem.to_string(),
            };
            pages.push(format!("{page}.html"));
        }
    }
    if pages.is_empty() {
        bail!("book/SUMMARY.md names no page");
    }
    Ok(pages)
}

/// What one check found: a page, or one of the book-wide checks (search, theme, ...).
struct Item {
    name: String,
    detail: String,
    problems: Vec<String>,
}

#[derive(Default)]
struct Report {
    items: Vec<Item>,
    notes: Vec<String>,
}

impl Report {
    fn failed(&self) -> usize {
        self.items.iter().filter(|i| !i.problems.is_empty()).count()
    }

    fn problems_of(&self, name: &str) -> String {
        self.items
            .iter()
            .filter(|i| i.name == name)
            .flat_map(|i| i.problems.iter().cloned())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn print(&self) {
        for item in &self.items {
            if item.problems.is_empty() {
                println!("ok    {:<36} {}", item.name, item.detail);
            } else {
                println!("FAIL  {:<36} {}", item.name, item.detail);
                for problem in &item.problems {
                    println!("        - {problem}");
                }
            }
        }
        for note in &self.notes {
            println!("note: {note}");
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
        let child = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .process_group(0)
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
struct BrowserLog;

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

/// Serves `dir`, starts the browser and visits `pages`; `screenshots` also saves three of them.
fn visit(
    tools: &Tools,
    dir: &Path,
    pages: &[String],
    out: &Path,
    screenshots: bool,
) -> Result<Report> {
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
        let site = format!("http://{}/", listener.local_addr()?);
        // A missing page gets the book's 404 page, as GitHub Pages serves it.
        let app = axum::Router::new().fallback_service(
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
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL" },
            "timeouts": { "pageLoad": 20_000, "script": 10_000, "implicit": 0 },
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
        };
        // Ctrl-C ends the visit like an error, so the browser is still closed and chromedriver
        // (in a process group of its own, which the terminal's Ctrl-C does not reach) ended.
        let outcome = tokio::select! {
            result = tokio::time::timeout(SESSION_LIMIT, session.check(pages, out, screenshots)) => {
                result.unwrap_or_else(|_| {
                    Err(anyhow!("the browser check took over {SESSION_LIMIT:?}"))
                })
            }
            _ = tokio::signal::ctrl_c() => Err(anyhow!("interrupted")),
        };
        let report = session.report;
        let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
        outcome.map(|()| report)
    });
    runtime.shutdown_timeout(Duration::from_secs(2));
    drop(driver);
    let _ = std::fs::remove_dir_all(&profile);
    result
}

struct Session<'a> {
    client: &'a Client,
    site: url::Url,
    dir: &'a Path,
    report: Report,
    /// The ids of every page visited, by path (`/ch02-x.html`), for the #fragment checks.
    ids: HashMap<String, BTreeSet<String>>,
}

/// What a page holds, as the browser sees it once loaded.
const PAGE_SCRIPT: &str = r#"
const main = document.querySelector('main') || document.body;
const headings = Array.from(main.querySelectorAll('h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]'));
const where = el => {
    let last = null;
    for (const h of headings) {
        if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = h;
    }
    return last ? 'under #' + last.id : 'at the top of the page';
};
const blocks = Array.from(main.querySelectorAll('pre > code'));
const kind = c => (c.className.split(' ').find(k => k.startsWith('language-')) || 'plain').replace('language-', '');
// What the reader sees: the code without its hidden (`# `, class "boring") lines. Not
// innerText, which is empty for a listing inside a closed <details> (exercise solutions).
const shown = c => {
    const copy = c.cloneNode(true);
    copy.querySelectorAll('.boring').forEach(b => b.remove());
    return copy.textContent.trim();
};
const empty = blocks
    .filter(c => shown(c) === '')
    .map(c => `the ${kind(c)} block ${where(c)} shows nothing (an ANCHOR that expands to nothing, or an empty file?)`);
// Under every Rust listing: the command that runs it (xtask/src/footers.rs).
const footer = c => {
    const next = c.closest('pre').nextElementSibling;
    const command = next && next.classList.contains('listing-footer') && next.querySelector('.listing-command');
    return command ? command.textContent.trim() : '';
};
const unfooted = blocks
    .filter(c => kind(c) === 'rust' && !/^(cargo run|rustc) /.test(footer(c)))
    .map(c => `the rust block ${where(c)} has no command line under it`);
// Listings that use a crate other than std but still have mdBook's playground button.
const crates = c => {
    const found = new Set();
    for (const m of c.textContent.matchAll(/^\s*(?:pub\s+)?use\s+([a-z_][a-z0-9_]*)::|#\[([a-z_][a-z0-9_]*)::(?:main|test)\b|\bextern crate ([a-z_][a-z0-9_]*)/gm)) {
        found.add(m[1] || m[2] || m[3]);
    }
    ['std', 'core', 'alloc', 'self', 'super', 'crate'].forEach(k => found.delete(k));
    return Array.from(found);
};
const playground = blocks
    .filter(c => c.closest('pre.playground') && crates(c).length > 0)
    .map(c => `${where(c)} (${crates(c).join(', ')})`);
const marked = blocks.filter(c => ['compile_fail', 'should_panic', 'buggy'].some(k => c.classList.contains(k))).length;
const images = Array.from(document.images)
    .filter(i => !(i.complete && i.naturalWidth > 0))
    .map(i => i.getAttribute('src'));
const links = [];
for (const a of document.querySelectorAll('a[href]')) {
    const u = new URL(a.getAttribute('href'), document.baseURI);
    if (u.origin !== location.origin) continue;
    links.push([a.getAttribute('href'), decodeURIComponent(u.pathname), u.hash ? decodeURIComponent(u.hash.slice(1)) : '']);
}
const ids = Array.from(document.querySelectorAll('[id]'), e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]'), e => e.name));
const rel = r => {
    const a = document.querySelector(`a[rel~="${r}"]`);
    return a ? decodeURIComponent(new URL(a.getAttribute('href'), document.baseURI).pathname) : null;
};
const title = (main.querySelector('h1') || {}).textContent || '';
return { title: title.trim(), blocks: blocks.length, marked, empty, unfooted, playground, images, links, ids, next: rel('next'), prev: rel('prev') };
"#;

impl Session<'_> {
    fn url(&self, page: &str) -> String {
        self.site.join(page).map(String::from).unwrap_or_default()
    }

    async fn check(
        &mut self,
        pages: &[String],
        out: &Path,
        screenshots: bool,
    ) -> Result<()> {
        let mut links = Vec::new();
        let mut marked_pages = Vec::new();
        let mut titles = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let mut problems = Vec::new();
            // The first page by address, every other one by its predecessor's "next" link.
            if i == 0 {
                self.client.goto(&self.url(page)).await?;
            } else if let Err(e) = self.follow("next", page).await {
                problems.push(format!("the \"next\" link of {}: {e:#}", pages[i - 1]));
                self.client.goto(&self.url(page)).await?;
            }
            self.wait_until("document.readyState === 'complete' && Array.from(document.images).every(i => i.complete)")
                .await;
            let facts = self.client.execute(PAGE_SCRIPT, vec![]).await?;
            problems.extend(strings(&facts["empty"]));
            problems.extend(strings(&facts["unfooted"]));
            for src in strings(&facts["images"]) {
                problems.push(format!("the image {src} does not load"));
            }
            let places: BTreeSet<String> =
                strings(&facts["playground"]).into_iter().collect();
            if !places.is_empty() {
                self.report.notes.push(format!(
                    "{page}: listings that use crates beyond std have a playground button, \
                     mark them `noplayground`: {}",
                    places.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
            let path = format!("/{page}");
            let expect_prev = (i > 0).then(|| format!("/{}", pages[i - 1]));
            let expect_next = pages.get(i + 1).map(|p| format!("/{p}"));
            for (rel, expected) in [("prev", expect_prev), ("next", expect_next)] {
                let found = facts[rel].as_str().map(str::to_string);
                if found != expected {
                    problems.push(format!(
                        "its \"{rel}\" link goes to {}, not {}",
                        found.as_deref().unwrap_or("nowhere"),
                        expected.as_deref().unwrap_or("nowhere")
                    ));
                }
            }
            self.ids
                .insert(path.clone(), strings(&facts["ids"]).into_iter().collect());
            for link in facts["links"].as_array().into_iter().flatten() {
                let [href, target, fragment] =
                    [0, 1, 2].map(|k| link[k].as_str().unwrap_or_default().to_string());
                links.push((i, href, target, fragment));
            }
            problems.extend(self.console_errors().await?);
            if let Some(title) = facts["title"].as_str().filter(|t| !t.is_empty()) {
                titles.push(title.to_string());
            } else {
                problems.push("it has no <h1> title".into());
            }
            if facts["marked"].as_u64().unwrap_or(0) > 0 {
                marked_pages.push(page.clone());
            }
            let detail = format!(
                "{} code blocks ({} marked), {} links",
                facts["blocks"],
                facts["marked"],
                facts["links"].as_array().map_or(0, Vec::len)
            );
            // The same problem twice (two <img> of one missing file) is said once.
            let mut seen = BTreeSet::new();
            problems.retain(|p| seen.insert(p.clone()));
            self.report.items.push(Item {
                name: page.clone(),
                detail,
                problems,
            });
        }

        // Links: the target page exists (a file of the rendered book) and holds the #fragment.
        for (i, href, target, fragment) in links {
            let problem = self.link_problem(&target, &fragment).await?;
            if let Some(problem) = problem {
                let problems = &mut self.report.items[i].problems;
                let message = format!("the link {href} {problem}");
                if !problems.contains(&message) {
                    problems.push(message);
                }
            }
        }

        // "previous" works from the last page, by a click as a reader would.
        if pages.len() > 1 {
            let last = &pages[pages.len() - 1];
            let before = &pages[pages.len() - 2];
            self.client.goto(&self.url(last)).await?;
            let problems = match self.follow("prev", before).await {
                Ok(()) => vec![],
                Err(e) => vec![format!("{e:#}")],
            };
            self.push_item(
                "navigation",
                format!("{last} -> previous -> {before}"),
                problems,
            )
            .await?;
        }
        // A book-wide check that cannot even run (an element missing, not clickable) fails as
        // an item of the report rather than ending the run.
        if let Err(e) = self.check_search(&pages[0]).await {
            self.push_item("search", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if let Err(e) = self.check_theme(&pages[0]).await {
            self.push_item("theme", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if let Err(e) = self.check_print(&titles).await {
            self.push_item("print", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if let Err(e) = self.check_not_found().await {
            self.push_item("not found", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if screenshots && let Err(e) = self.screenshots(pages, &marked_pages, out).await {
            self.push_item("screenshots", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        Ok(())
    }

    /// The print view holds every chapter (each page's title is one of its headings) and no
    /// empty listing.
    async fn check_print(&mut self, titles: &[String]) -> Result<()> {
        self.client.goto(&self.url("print.html")).await?;
        self.wait_until("document.readyState === 'complete'").await;
        let facts = self
            .client
            .execute(
                r#"const main = document.querySelector('main') || document.body;
                return {
                    headings: Array.from(main.querySelectorAll('h1'), h => h.textContent.trim()),
                    empty: Array.from(main.querySelectorAll('pre > code'))
                        .filter(c => { const k = c.cloneNode(true); k.querySelectorAll('.boring').forEach(b => b.remove()); return k.textContent.trim() === ''; }).length,
                };"#,
                vec![],
            )
            .await?;
        let headings: BTreeSet<String> =
            strings(&facts["headings"]).into_iter().collect();
        let mut problems: Vec<String> = titles
            .iter()
            .filter(|t| !headings.contains(*t))
            .map(|t| format!("the print view lacks the chapter \"{t}\""))
            .collect();
        let empty = facts["empty"].as_u64().unwrap_or(0);
        if empty > 0 {
            problems.push(format!(
                "the print view has {empty} listing(s) that show nothing"
            ));
        }
        self.push_item(
            "print",
            format!("print.html holds all {} chapters", titles.len()),
            problems,
        )
        .await
    }

    /// A page that does not exist gets the book's 404 page, styled and with a way back.
    async fn check_not_found(&mut self) -> Result<()> {
        self.client
            .goto(&self.url("no-such-page-of-the-book.html"))
            .await?;
        self.wait_until("document.readyState === 'complete'").await;
        let facts = self
            .client
            .execute(
                r#"const h1 = document.querySelector('main h1');
                const link = document.querySelector('main a[href]');
                return {
                    title: h1 ? h1.textContent.trim() : '',
                    styled: getComputedStyle(document.querySelector('.sidebar') || document.body).position !== 'static',
                    link: link ? new URL(link.getAttribute('href'), document.baseURI).pathname : '',
                };"#,
                vec![],
            )
            .await?;
        let mut problems = Vec::new();
        let title = facts["title"].as_str().unwrap_or_default().to_string();
        if !title.to_lowercase().contains("not found") {
            problems.push(format!(
                "a missing page shows \"{title}\", not the 404 page"
            ));
        }
        if facts["styled"] != json!(true) {
            problems
                .push("the 404 page is not styled (its stylesheets did not load)".into());
        }
        let link = facts["link"].as_str().unwrap_or_default().to_string();
        if link.is_empty() {
            problems.push("the 404 page has no link back into the book".into());
        } else if let Some(problem) = self.link_problem(&link, "").await? {
            problems.push(format!("its link {link} {problem}"));
        }
        // The browser logs the 404 status of the page it was asked for: that one is expected.
        problems.extend(
            self.console_errors()
                .await?
                .into_iter()
                .filter(|e| !e.contains("no-such-page-of-the-book.html")),
        );
        self.report.items.push(Item {
            name: "not found".into(),
            detail: format!("404.html: \"{title}\""),
            problems,
        });
        Ok(())
    }

    /// Adds a book-wide check, with the console errors it caused.
    async fn push_item(
        &mut self,
        name: &str,
        detail: String,
        mut problems: Vec<String>,
    ) -> Result<()> {
        problems.extend(self.console_errors().await?);
        self.report.items.push(Item {
            name: name.into(),
            detail,
            problems,
        });
        Ok(())
    }

    /// Clicks the visible `rel` ("next" or "prev") link and waits until `page` is loaded.
    async fn follow(&self, rel: &str, page: &str) -> Result<()> {
        let links = self
            .client
            .find_all(Locator::Css(&format!("a[rel~=\"{rel}\"]")))
            .await?;
        let mut clicked = false;
        for link in links {
            if link.is_displayed().await? {
                link.click()
                    .await
                    .with_context(|| format!("clicking the \"{rel}\" link"))?;
                clicked = true;
                break;
            }
        }
        if !clicked {
            bail!("no visible \"{rel}\" link");
        }
        let arrived = self
            .wait_until(&format!(
                "location.pathname === '/{page}' && document.readyState === 'complete'"
            ))
            .await;
        if !arrived {
            let now = self.client.current_url().await?;
            bail!("clicking \"{rel}\" led to {}, not /{page}", now.path());
        }
        Ok(())
    }

    /// What is wrong with a link to `target#fragment`, if anything.
    async fn link_problem(
        &mut self,
        target: &str,
        fragment: &str,
    ) -> Result<Option<String>> {
        let relative = target.trim_start_matches('/');
        let file = if relative.is_empty() || relative.ends_with('/') {
            self.dir.join(relative).join("index.html")
        } else {
            self.dir.join(relative)
        };
        if !file.is_file() {
            return Ok(Some("leads to a page that does not exist".into()));
        }
        if fragment.is_empty() || !target.ends_with(".html") && !target.ends_with('/') {
            return Ok(None);
        }
        if !self.ids.contains_key(target) {
            // A page outside SUMMARY (index.html, print.html): read its ids once.
            self.client.goto(&self.url(relative)).await?;
            let ids = self
                .client
                .execute(
                    "return Array.from(document.querySelectorAll('[id]'), e => e.id)",
                    vec![],
                )
                .await?;
            self.ids
                .insert(target.to_string(), strings(&ids).into_iter().collect());
        }
        Ok((!self.ids[target].contains(fragment))
            .then(|| format!("points to #{fragment}, which {target} does not have")))
    }

    /// Types each search term into mdBook's search box and reads the results.
    async fn check_search(&mut self, page: &str) -> Result<()> {
        self.client.goto(&self.url(page)).await?;
        let mut problems = Vec::new();
        let mut found = Vec::new();
        self.client
            .find(Locator::Id("mdbook-search-toggle"))
            .await
            .context("finding the search button")?
            .click()
            .await
            .context("clicking the search button")?;
        let shown = self
            .wait_until("getComputedStyle(document.getElementById('mdbook-searchbar')).display !== 'none' && document.getElementById('mdbook-searchbar').offsetParent !== null")
            .await;
        if !shown {
            problems.push("the search button does not open the search box".into());
        } else {
            let bar = self.client.find(Locator::Id("mdbook-searchbar")).await?;
            for term in SEARCH_TERMS {
                bar.clear().await?;
                bar.send_keys(term).await?;
                let script = format!(
                    "return document.querySelectorAll('#mdbook-searchresults li').length > 0 \
                     && document.getElementById('mdbook-searchresults-header').innerText.includes('{term}')"
                );
                if self.wait_until(&script).await {
                    let first = self
                        .client
                        .execute(
                            "const r = document.querySelectorAll('#mdbook-searchresults li'); \
                             return [r.length, r[0].querySelector('a').getAttribute('href')]",
                            vec![],
                        )
                        .await?;
                    found.push(format!(
                        "{term}: {} results, first {}",
                        first[0],
                        first[1].as_str().unwrap_or("?")
                    ));
                } else {
                    problems.push(format!(
                        "searching for {term} shows no result within {WAIT:?}"
                    ));
                }
            }
        }
        self.push_item("search", found.join("; "), problems).await
    }

    /// Picks another theme in the theme menu and checks that the page follows, then goes back.
    async fn check_theme(&mut self, page: &str) -> Result<()> {
        self.client.goto(&self.url(page)).await?;
        let mut problems = Vec::new();
        let before = self.html_class().await?;
        let after = self.pick_theme("coal").await?;
        if !after.split(' ').any(|c| c == "coal")
            || after.split(' ').any(|c| c == "light")
        {
            problems.push(format!(
                "after picking Coal the page's class is `{after}` (was `{before}`)"
            ));
        }
        let back = self.pick_theme("light").await?;
        if !back.split(' ').any(|c| c == "light") {
            problems.push(format!(
                "after picking Light again the page's class is `{back}`"
            ));
        }
        self.push_item(
            "theme",
            format!("`{before}` -> `{after}` -> `{back}`"),
            problems,
        )
        .await
    }

    async fn html_class(&self) -> Result<String> {
        let class = self
            .client
            .execute("return document.documentElement.className", vec![])
            .await?;
        Ok(class.as_str().unwrap_or_default().to_string())
    }

    /// Opens the theme menu, picks `theme`, closes the menu; returns the page's class then.
    async fn pick_theme(&self, theme: &str) -> Result<String> {
        const MENU_OPEN: &str =
            "document.getElementById('mdbook-theme-list').style.display === 'block'";
        let toggle = self
            .client
            .find(Locator::Id("mdbook-theme-toggle"))
            .await
            .context("finding the theme button")?;
        if !self.is_true(MENU_OPEN).await {
            toggle.click().await.context("clicking the theme button")?;
            if !self.wait_until(MENU_OPEN).await {
                bail!("the theme button does not open the theme menu");
            }
        }
        self.client
            .find(Locator::Id(&format!("mdbook-theme-{theme}")))
            .await
            .with_context(|| format!("finding the theme {theme} in the theme menu"))?
            .click()
            .await
            .with_context(|| format!("clicking the theme {theme} in the theme menu"))?;
        self.wait_until(&format!(
            "document.documentElement.classList.contains('{theme}')"
        ))
        .await;
        if self.is_true(MENU_OPEN).await {
            toggle.click().await.context("closing the theme menu")?;
        }
        self.html_class().await
    }

    async fn is_true(&self, condition: &str) -> bool {
        let script = format!("return !!({condition})");
        matches!(
            self.client.execute(&script, vec![]).await,
            Ok(Value::Bool(true))
        )
    }

    /// The first page; the first page with a marked listing (light), and another (dark).
    async fn screenshots(
        &mut self,
        pages: &[String],
        marked: &[String],
        out: &Path,
    ) -> Result<()> {
        let first = &pages[0];
        let light = marked.first().unwrap_or(first);
        let dark = marked
            .iter()
            .rev()
            .find(|p| *p != light)
            .or_else(|| pages.iter().find(|p| *p != first && *p != light))
            .unwrap_or(first);
        let shots = [
            (first, "light", "first-page.png"),
            (light, "light", "listing-light.png"),
            (dark, "navy", "listing-dark.png"),
        ];
        let mut saved = Vec::new();
        for (page, theme, file) in shots {
            self.client.goto(&self.url(page)).await?;
            if !self.html_class().await?.split(' ').any(|c| c == theme) {
                self.pick_theme(theme).await?;
            }
            // Show the first marked listing, if the page has one.
            self.client
                .execute(
                    "const c = document.querySelector('pre > code.compile_fail, pre > code.should_panic, pre > code.buggy'); \
                     if (c) c.closest('pre').scrollIntoView({block: 'center'});",
                    vec![],
                )
                .await?;
            tokio::time::sleep(Duration::from_millis(200)).await;
            let png = self.client.screenshot().await?;
            std::fs::write(out.join(file), png)?;
            saved.push(format!("{file} ({page}, {theme})"));
        }
        self.pick_theme("light").await?;
        self.push_item(
            "screenshots",
            format!("target/browser/: {}", saved.join(", ")),
            vec![],
        )
        .await
    }

    /// Polls a JavaScript condition every 50 ms for at most [`WAIT`]; true if it became true.
    async fn wait_until(&self, condition: &str) -> bool {
        let script = if condition.starts_with("return ") {
            condition.to_string()
        } else {
            format!("return !!({condition})")
        };
        let deadline = Instant::now() + WAIT;
        loop {
            if let Ok(Value::Bool(true)) = self.client.execute(&script, vec![]).await {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The console errors since the last call. The playground's crate list is fetched from
    /// play.rust-lang.org, which a machine without internet cannot reach: that one is noted.
    async fn console_errors(&mut self) -> Result<Vec<String>> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        let mut errors = Vec::new();
        for entry in entries.as_array().into_iter().flatten() {
            if entry["level"] != "SEVERE" {
                continue;
            }
            let message = entry["message"].as_str().unwrap_or_default();
            if message.contains("play.rust-lang.org") || is_playground_fetch(message) {
                let note = "the Rust playground (play.rust-lang.org) is unreachable from here; \
                            its console errors were not counted";
                if !self.report.notes.iter().any(|n| n == note) {
                    self.report.notes.push(note.into());
                }
                continue;
            }
            errors.push(format!("console error: {message}"));
        }
        Ok(errors)
    }
}

/// mdBook's book.js asks play.rust-lang.org for its crate list and does not catch a failure:
/// offline, that is an uncaught "Failed to fetch" (or its own "timeout") from book.js.
fn is_playground_fetch(message: &str) -> bool {
    let from_book_js = message.contains("/book-") || message.contains("/book.js");
    from_book_js
        && (message.contains("Failed to fetch") || message.contains("Error: timeout"))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

/// `--self-test`: a copy of the book broken in known ways must fail in exactly those ways.
fn self_test_run(tools: &Tools, root: &Path, out: &Path) -> Result<()> {
    let copy = out.join("self-test");
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy)?;
    std::fs::copy(root.join("book.toml"), copy.join("book.toml"))?;
    copy_tree(&root.join("book"), &copy.join("book"))?;
    copy_tree(&root.join("code"), &copy.join("code"))?;
    let pages = summary_pages(&copy)?;
    let md = |page: &str| copy.join("book").join(page.replace(".html", ".md"));
    let mut expected: Vec<(String, String, &str)> = Vec::new();

    // 1. An ANCHOR whose content was deleted: the first listing of the first page that has one.
    let (anchored, file, anchor) = pages
        .iter()
        .find_map(|page| {
            let text = std::fs::read_to_string(md(page)).ok()?;
            let include = text.split("{{#rustdoc_include ").nth(1)?;
            let spec = include.split("}}").next()?;
            let (path, anchor) = spec.trim().rsplit_once(':')?;
            Some((
                page.clone(),
                copy.join("book").join(path),
                anchor.to_string(),
            ))
        })
        .context("no page includes a listing with {{#rustdoc_include file:anchor}}")?;
    let source = std::fs::read_to_string(&file)?;
    let mut inside = false;
    let mut emptied = String::new();
    for line in source.lines() {
        let trimmed = line.trim();
        if trimmed == format!("// ANCHOR_END: {anchor}") {
            inside = false;
        }
        if !inside {
            emptied.push_str(line);
            emptied.push('\n');
        }
        if trimmed == format!("// ANCHOR: {anchor}") {
            inside = true;
        }
    }
    std::fs::write(&file, emptied)?;
    let shown = file
        .strip_prefix(&copy)
        .unwrap_or(&file)
        .display()
        .to_string()
        .replace("book/../", "");
    expected.push((
        anchored.clone(),
        format!("ANCHOR `{anchor}` of {shown} emptied"),
        "shows nothing",
    ));

    // 2-4. A script error, a missing image, dead links: each on a page of its own.
    let others: Vec<&String> = pages.iter().filter(|p| **p != anchored).collect();
    if others.len() < 4 {
        bail!("the self-test needs at least 5 pages in SUMMARY.md");
    }
    let append = |page: &str, text: &str| -> Result<()> {
        let mut body = std::fs::read_to_string(md(page))?;
        body.push_str(text);
        Ok(std::fs::write(md(page), body)?)
    };
    append(
        others[0],
        "\n\n<script>throw new Error('deliberate error of the self-test');</script>\n",
    )?;
    expected.push((
        others[0].clone(),
        "a script that throws while the page loads".into(),
        "deliberate error of the self-test",
    ));
    append(
        others[1],
        "\n\n<img src=\"img/no-such-image.png\" alt=\"missing on purpose\">\n",
    )?;
    expected.push((
        others[1].clone(),
        "an image that does not exist".into(),
        "img/no-such-image.png does not load",
    ));
    let heading_link = pages[0].replace(".html", ".md");
    append(
        others[2],
        &format!(
            "\n\n[A page that does not exist](ch99-no-such-page.md) and \
                  [a heading that does not exist]({heading_link}#no-such-heading).\n"
        ),
    )?;
    expected.push((
        others[2].clone(),
        "a link to a missing page".into(),
        "ch99-no-such-page.html leads to a page that does not exist",
    ));
    expected.push((
        others[2].clone(),
        "a link to a missing heading".into(),
        "#no-such-heading",
    ));

    let book = crate::book::load(&copy)?;
    let dir = book.build_dir_for("html");
    book.build().map_err(|e| anyhow!("{e:#}"))?;

    // 5. A "next" link that skips a page, in the rendered HTML.
    let skip_from = others[3];
    let position = pages.iter().position(|p| p == skip_from).unwrap_or(0);
    if let (Some(next), Some(after)) = (pages.get(position + 1), pages.get(position + 2))
    {
        let html_path = dir.join(skip_from);
        let html = std::fs::read_to_string(&html_path)?;
        let broken =
            html.replace(&format!("href=\"{next}\""), &format!("href=\"{after}\""));
        std::fs::write(&html_path, broken)?;
        expected.push((
            skip_from.clone(),
            format!("its \"next\" link points to {after}"),
            "\"next\" link goes to",
        ));
    }
    // 6. A listing without the command line under it: the first footer of a page, removed.
    let footer_tag = "<div class=\"listing-footer\">";
    let mut unfooted = None;
    for page in &others[3..] {
        let html = std::fs::read_to_string(dir.join(page))?;
        if let Some(start) = html.find(footer_tag) {
            let end = start
                + html[start..]
                    .find("</div>")
                    .context("a listing footer without its </div>")?
                + "</div>".len();
            std::fs::write(
                dir.join(page),
                format!("{}{}", &html[..start], &html[end..]),
            )?;
            unfooted = Some((*page).clone());
            break;
        }
    }
    let unfooted = unfooted.context("no page has a listing footer to remove")?;
    expected.push((
        unfooted,
        "the command line under a listing removed".into(),
        "has no command line under it",
    ));
    // 7. A theme menu that does nothing: book.js's click handler no longer sets the theme.
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("book") && name.ends_with(".js") {
            let script = std::fs::read_to_string(&path)?;
            if script.contains("set_theme(theme);") {
                std::fs::write(
                    &path,
                    script.replace("set_theme(theme);", "/* broken */"),
                )?;
                expected.push((
                    "theme".into(),
                    "a theme menu whose buttons do nothing".into(),
                    "after picking Coal",
                ));
            }
        }
    }
    // 8. A print view without the chapters: print.html's <main> emptied but for a heading.
    let print = dir.join("print.html");
    let html = std::fs::read_to_string(&print)?;
    let (Some(start), Some(end)) = (html.find("<main>"), html.find("</main>")) else {
        bail!("print.html has no <main> to empty");
    };
    std::fs::write(
        &print,
        format!(
            "{}<main><h1>Nothing here</h1>{}",
            &html[..start],
            &html[end..]
        ),
    )?;
    expected.push((
        "print".into(),
        "the chapters removed from the print view".into(),
        "the print view lacks the chapter",
    ));
    // 9. No 404 page: a missing address gets an empty answer.
    std::fs::remove_file(dir.join("404.html"))?;
    expected.push((
        "not found".into(),
        "the 404 page deleted".into(),
        "not the 404 page",
    ));
    // 10. No search index: the search box finds nothing (and the console reports the 404).
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("searchindex") {
            std::fs::remove_file(&path)?;
        }
    }
    expected.push((
        "search".into(),
        "the search index deleted".into(),
        "shows no result",
    ));

    let report = visit(tools, &dir, &pages, out, false)?;
    report.print();
    println!(
        "\nThe self-test broke a copy of the book ({}) and expects each breakage to be reported:",
        copy.display()
    );
    let mut passed = 0;
    let mut failed = 0;
    for (item, what, needle) in &expected {
        let found = report.problems_of(item);
        if found.contains(needle) {
            passed += 1;
            println!("ok    {item}: {what}: caught");
        } else {
            failed += 1;
            println!(
                "FAIL  {item}: {what}: NOT caught (expected a problem containing {needle:?})"
            );
        }
    }
    println!("browser self-test: {passed} passed, {failed} failed");
    if failed > 0 {
        bail!("the browser check missed {failed} deliberate breakage(s)");
    }
    Ok(())
}

/// Copies a directory tree, skipping `target` directories.
fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&path, &to.join(entry.file_name()))?;
            }
        } else {
            std::fs::copy(&path, to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_pages_follow_the_summary_order() {
        let pages = summary_pages(&crate::root()).unwrap();
        // The same list read another way: every `](page.md)` of SUMMARY.md, line by line.
        let summary =
            std::fs::read_to_string(crate::root().join("book/SUMMARY.md")).unwrap();
        let link = regex::Regex::new(r"\]\(([^)]+)\.md\)").unwrap();
        let in_order: Vec<String> = summary
            .lines()
            .flat_map(|line| link.captures_iter(line).map(|c| format!("{}.html", &c[1])))
            .collect();
        assert_eq!(pages, in_order, "the pages are not in SUMMARY.md's order");
        assert_eq!(
            pages.first().map(String::as_str),
            Some("ch00-introduction.html")
        );
        let unique: BTreeSet<&String> = pages.iter().collect();
        assert_eq!(
            unique.len(),
            pages.len(),
            "a page twice in SUMMARY.md: {pages:?}"
        );
    }

    #[test]
    fn only_the_playground_fetch_is_forgiven() {
        assert!(is_playground_fetch(
            "http://127.0.0.1:1/book-609e4cb8.js 39:12 Uncaught TypeError: Failed to fetch"
        ));
        assert!(!is_playground_fetch(
            "http://127.0.0.1:1/ch01.html 12:3 Uncaught Error: deliberate"
        ));
    }
}
