//! `cargo xtask ebook`: the whole book for reading offline, in `target/book/downloads/`: an EPUB
//! written by pandoc and a PDF printed by headless Chromium.
//!
//! Both start from one page: mdBook's print page (`print.html`) of the book rendered as
//! `cargo xtask build` renders it (`book::load`: the same preprocessors, so every figure, outcome
//! set, footer and include is resolved, and every chapter and its links are in one file with
//! unique ids). Paper and e-readers cannot click, so both versions open what the web book folds:
//! every "Predict" answer and "Going deeper" note is a box under its summary, and every listing
//! shows its lines hidden behind the eye button too. The rendered book goes to `target/ebook/`,
//! so `target/book` (the web book) is left as it is, apart from `downloads/`.
//!
//! Tools: pandoc (Debian's `pandoc`) and Chromium (`$CHROMIUM`, else `chromium`,
//! `chromium-browser` or `google-chrome` on the `PATH`). `cargo xtask test` needs neither.
//! In `.ci/run`, `.ci/install-ebook-tools` installs them (Chromium comes from
//! `.ci/install-browser`) and `.ci/ebook` runs this command and checks both files (epubcheck,
//! pdfinfo, pdftotext). A `{{#` left in the print page (an unexpanded placeholder) fails here.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use regex::Regex;

use crate::footers::escape;

/// The files' name, without extension, in `target/book/downloads/` (and so on the site).
const FILE_STEM: &str = "the-truth-about-threads-in-rust";
/// Where the web book lives; the downloads go into its `downloads/`.
const DOWNLOADS: &str = "target/book/downloads";
/// The book rendered for the ebooks (`print.html` and what it loads).
const WORK_DIR: &str = "target/ebook";
const INSTALL: &str = "apt-get update && apt-get install -y pandoc chromium";

/// The look of the PDF, after mdBook's own print style.
const PDF_CSS: &str = include_str!("ebook/pdf.css");
/// The EPUB's only style sheet (pandoc's default one is replaced).
const EPUB_CSS: &str = "xtask/src/ebook/epub.css";
/// Chromium's print of a book this size takes seconds; a hung one ends here.
const PRINT_LIMIT: Duration = Duration::from_secs(240);
const PANDOC_LIMIT: Duration = Duration::from_secs(240);

pub fn run(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask ebook (writes {DOWNLOADS}/{FILE_STEM}.epub and .pdf)");
    }
    let root = crate::root();
    let tools = Tools::find()?;
    let started = Instant::now();

    let mut book = crate::book::load(&root)?;
    let meta = Metadata::of(&book, &root)?;
    book.config
        .set("build.build-dir", root.join(WORK_DIR))
        .map_err(|e| anyhow!("{e:#}"))?;
    let html = book.build_dir_for("html");
    book.build().map_err(|e| anyhow!("{e:#}"))?;
    let print = std::fs::read_to_string(html.join("print.html")).with_context(|| {
        format!("mdBook wrote no {}", html.join("print.html").display())
    })?;
    if let Some(at) = print.find("{{#") {
        bail!(
            "the print page still has a placeholder: {}",
            &print[at..print.len().min(at + 80)]
        );
    }
    println!(
        "ebook: rendered the book into {} ({:.1} s)",
        html.display(),
        started.elapsed().as_secs_f64()
    );

    // Written beside the rendered book, then copied: `cargo xtask build` (or the render of
    // `cargo xtask test`) empties target/book whenever it runs.
    let written = root.join(WORK_DIR).join("downloads");
    std::fs::create_dir_all(&written)?;

    let step = Instant::now();
    let pdf_page = html.join("ebook-pdf.html");
    std::fs::write(&pdf_page, for_pdf(&print, &meta)?)?;
    let pdf = written.join(format!("{FILE_STEM}.pdf"));
    tools.print_pdf(&pdf_page, &pdf, &html)?;
    println!(
        "ebook: the PDF, {} KiB ({:.1} s)",
        size_kib(&pdf)?,
        step.elapsed().as_secs_f64()
    );

    let step = Instant::now();
    let epub_page = html.join("ebook-epub.html");
    std::fs::write(
        &epub_page,
        for_epub(&print, &meta, &listing_labels(&root)?)?,
    )?;
    let epub = written.join(format!("{FILE_STEM}.epub"));
    tools.write_epub(&epub_page, &html, &root.join(EPUB_CSS), &meta, &epub)?;
    println!(
        "ebook: the EPUB, {} KiB ({:.1} s)",
        size_kib(&epub)?,
        step.elapsed().as_secs_f64()
    );
    let downloads = root.join(DOWNLOADS);
    std::fs::create_dir_all(&downloads)?;
    for file in [&pdf, &epub] {
        let to = downloads.join(file.file_name().unwrap());
        std::fs::copy(file, &to).with_context(|| {
            format!("cannot copy {} to {}", file.display(), to.display())
        })?;
    }
    println!(
        "ebook: done in {:.1} s: {}/{FILE_STEM}.epub and .pdf",
        started.elapsed().as_secs_f64(),
        listing_check::relative(&root, &downloads)
    );
    Ok(())
}

fn size_kib(path: &Path) -> Result<u64> {
    Ok(std::fs::metadata(path)?.len().div_ceil(1024))
}

/// What the title pages say, from book.toml and git.
struct Metadata {
    title: String,
    description: String,
    authors: Vec<String>,
    language: String,
    repository: Option<String>,
    /// `YYYY-MM-DD`, and the commit when git knows it.
    date: String,
    commit: Option<String>,
}

impl Metadata {
    fn of(book: &mdbook_driver::MDBook, root: &Path) -> Result<Metadata> {
        let config = &book.config.book;
        let commit = Command::new("git")
            .args(["rev-parse", "--short=12", "HEAD"])
            .current_dir(root)
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
            .filter(|commit| !commit.is_empty());
        Ok(Metadata {
            title: config.title.clone().context("book.toml has no title")?,
            description: config.description.clone().unwrap_or_default(),
            authors: config.authors.clone(),
            language: config.language.clone().unwrap_or_else(|| "en".into()),
            repository: book
                .config
                .get::<String>("output.html.git-repository-url")
                .map_err(|e| anyhow!("{e:#}"))?,
            date: listing_check::today(),
            commit,
        })
    }

    /// "Built from <repository> at commit <c> on <date>." as HTML.
    fn provenance_html(&self) -> String {
        let mut line = String::from("Built from the book's sources");
        if let Some(url) = &self.repository {
            let url = escape(url);
            line.push_str(&format!(", <a href=\"{url}\">{url}</a>"));
        }
        if let Some(commit) = &self.commit {
            line.push_str(&format!(", at commit <code>{}</code>", escape(commit)));
        }
        line.push_str(&format!(", on {}.", escape(&self.date)));
        line
    }
}

static MAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<main\b[^>]*>").unwrap());

/// Where the content of the page's `<main>` starts.
fn main_start(page: &str) -> Result<usize> {
    Ok(MAIN
        .find(page)
        .context("the print page has no <main>")?
        .end())
}

static OPEN_DETAILS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"<details( class="[^"]*")?>"#).unwrap());

/// The print page for Chromium: its style after mdBook's, a title page first, every `<details>`
/// open.
fn for_pdf(print: &str, meta: &Metadata) -> Result<String> {
    let mut page = print.replacen(
        "</head>",
        &format!("<style>\n{PDF_CSS}</style>\n</head>"),
        1,
    );
    let title_page = format!(
        "<div class=\"ebook-title-page\">\n<p class=\"ebook-title\">{}</p>\n\
         <p class=\"ebook-description\">{}</p>\n<p class=\"ebook-authors\">{}</p>\n\
         <p class=\"ebook-provenance\">{}</p>\n</div>\n",
        escape(&meta.title),
        escape(&meta.description),
        escape(&meta.authors.join(", ")),
        meta.provenance_html(),
    );
    let main = main_start(&page)?;
    page.insert_str(main, &title_page);
    Ok(OPEN_DETAILS
        .replace_all(&page, "<details$1 open>")
        .into_owned())
}

static DETAILS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"<details(?: class="([^"]*)")?>\s*<summary>"#).unwrap()
});
static SUMMARY_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</summary>").unwrap());
static DETAILS_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"</details>").unwrap());
/// mdBook's link around every heading's text, to the heading itself.
static HEADER_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)<a class="header" href="[^"]*">(.*?)</a>"#).unwrap()
});
/// A code block as mdBook writes it: `<pre>` (`class="playground"` for a Rust block the
/// playground can run) around `<code class="language-rust buggy edition2024">`.
static CODE_BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"<pre(?: class="[^"]*")?><code class="language-([A-Za-z0-9_+-]+)([^"]*)">"#,
    )
    .unwrap()
});
/// A label rule of listing-markers.css: `pre:has(> code.buggy)::before { content: "..."; }`.
static LABEL_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"pre:has\(> code((?:\.[a-z_]+)+)\)::before \{ content: "((?:[^"\\]|\\.)*)"; \}"#)
        .unwrap()
});
/// The web book's style sheet of the labels above the listings that must not be copied.
const LISTING_MARKERS: &str = "book/theme-extra/listing-markers.css";

/// The labels of listing-markers.css ("Does not compile: ..."), each with the classes of the
/// code blocks it labels: the web book draws them with CSS (`::before`), which an e-reader may
/// not show, so the EPUB gets them as text.
fn listing_labels(root: &Path) -> Result<Vec<(Vec<String>, String)>> {
    let css = std::fs::read_to_string(root.join(LISTING_MARKERS))
        .with_context(|| format!("cannot read {LISTING_MARKERS}"))?;
    let labels: Vec<(Vec<String>, String)> = LABEL_RULE
        .captures_iter(&css)
        .map(|c| {
            let classes = c[1].split('.').skip(1).map(String::from).collect();
            (classes, css_string(&c[2]))
        })
        .collect();
    // The three markers CONTRIBUTING.md gives: a change to their rules' shape must not drop a
    // label from the EPUB unnoticed.
    for marker in ["compile_fail", "should_panic", "buggy"] {
        if !labels.iter().any(|(classes, _)| classes == &[marker]) {
            bail!(
                "{LISTING_MARKERS} has no label for `{marker}` in the form this command reads \
                 (`pre:has(> code.{marker})::before {{ content: \"...\"; }}`): update ebook.rs"
            );
        }
    }
    Ok(labels)
}

/// The text of a CSS string's contents: `\26A0\FE0E  Panics` is "⚠︎ Panics".
fn css_string(escaped: &str) -> String {
    let mut out = String::new();
    let mut chars = escaped.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek() == Some(&' ') {
            chars.next();
        }
        out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
    }
    out
}

/// The print page's `<main>` for pandoc, which keeps what HTML says and drops how it is styled:
/// each `<details>` becomes a box (`<div class="predict">`) whose summary is its title, mdBook's
/// link around each heading goes, code blocks name their language as pandoc's highlighter
/// expects (`<pre class="rust">`), and the listings labelled by CSS in the web book get their
/// label as text.
fn for_epub(
    print: &str,
    meta: &Metadata,
    labels: &[(Vec<String>, String)],
) -> Result<String> {
    let start = main_start(print)?;
    let end = print[start..]
        .find("</main>")
        .context("the print page has no </main>")?
        + start;
    let body = &print[start..end];
    let opened = DETAILS.replace_all(body, |c: &regex::Captures| {
        let class = c.get(1).map_or("details", |m| m.as_str());
        format!("<div class=\"{class}\">\n<p class=\"box-title\"><strong>")
    });
    let summaries = SUMMARY_END.find_iter(&opened).count();
    let boxes = DETAILS_END.find_iter(&opened).count();
    if summaries != boxes || opened.contains("<details") {
        bail!(
            "the print page has a <details> this command cannot turn into a box \
             (each must start with <summary>): {summaries} summaries, {boxes} ends"
        );
    }
    let body = SUMMARY_END.replace_all(&opened, "</strong></p>");
    let body = DETAILS_END.replace_all(&body, "</div>");
    let body = HEADER_LINK.replace_all(&body, "$1");
    let body = CODE_BLOCK.replace_all(&body, |c: &regex::Captures| {
        let classes: Vec<&str> = c[2].split_whitespace().collect();
        let label = labels
            .iter()
            .filter(|(needs, _)| needs.iter().all(|n| classes.contains(&n.as_str())))
            .max_by_key(|(needs, _)| needs.len());
        let marker: Vec<&str> = labels
            .iter()
            .flat_map(|(needs, _)| needs.iter().map(String::as_str))
            .filter(|n| classes.contains(n))
            .collect();
        let mut html = String::new();
        if let Some((needs, text)) = label {
            html.push_str(&format!(
                "<div class=\"listing-label {}\"><p>{}</p></div>\n",
                needs.join(" "),
                escape(text)
            ));
        }
        let mut class = vec![&c[1]];
        class.extend(marker);
        html.push_str(&format!("<pre class=\"{}\"><code>", class.join(" ")));
        html
    });
    Ok(format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n</head>\n<body>\n{body}\n\
         <h1 id=\"ebook-about-this-copy\">About this copy</h1>\n<p>{}</p>\n</body>\n</html>\n",
        escape(&meta.language),
        escape(&meta.title),
        meta.provenance_html(),
    ))
}

/// pandoc and Chromium.
struct Tools {
    pandoc: PathBuf,
    chromium: PathBuf,
}

impl Tools {
    fn find() -> Result<Tools> {
        let chromium = crate::find_program(
            Some("CHROMIUM"),
            &["chromium", "chromium-browser", "google-chrome"],
        );
        let pandoc = crate::find_program(None, &["pandoc"]);
        match (pandoc, chromium) {
            (Some(pandoc), Some(chromium)) => Ok(Tools { pandoc, chromium }),
            (pandoc, chromium) => {
                let missing: Vec<&str> = [
                    pandoc.is_none().then_some("pandoc"),
                    chromium.is_none().then_some("Chromium (or $CHROMIUM)"),
                ]
                .into_iter()
                .flatten()
                .collect();
                bail!(
                    "cargo xtask ebook needs {}; install with:\n    {INSTALL}",
                    missing.join(" and ")
                )
            }
        }
    }

    /// Prints `page` to `pdf`: A4, the page numbers from pdf.css, an outline from the headings.
    fn print_pdf(&self, page: &Path, pdf: &Path, work: &Path) -> Result<()> {
        // Chromium logs much that does not matter here (no D-Bus, no GPU): kept in a file,
        // shown when the print fails.
        let log = work.join("chromium.log");
        // Once in a while, on a loaded machine, Chromium ends with success and no file; a
        // second try, in a fresh profile, has always written it.
        for attempt in 1..=2 {
            let _ = std::fs::remove_file(pdf);
            let profile = work.join(format!("chromium-profile-{attempt}"));
            let mut command = Command::new(&self.chromium);
            command.args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--no-pdf-header-footer",
                "--generate-pdf-document-outline",
            ]);
            command
                .arg(format!("--user-data-dir={}", profile.display()))
                .arg(format!("--print-to-pdf={}", pdf.display()))
                .arg(format!("file://{}", page.display()));
            run_bounded(command, PRINT_LIMIT, "Chromium's print to PDF", Some(&log))?;
            if std::fs::metadata(pdf).is_ok_and(|m| m.len() > 0) {
                return Ok(());
            }
            eprintln!("ebook: Chromium wrote no PDF (try {attempt} of 2)");
        }
        eprint!("{}", std::fs::read_to_string(&log).unwrap_or_default());
        bail!("Chromium wrote no PDF to {}", pdf.display())
    }

    /// pandoc's EPUB 3 of `page`: one file per chapter (`<h1>`), a table of contents two
    /// levels deep, images from `resources`, `css` as the only style sheet.
    fn write_epub(
        &self,
        page: &Path,
        resources: &Path,
        css: &Path,
        meta: &Metadata,
        epub: &Path,
    ) -> Result<()> {
        let version = Command::new(&self.pandoc)
            .arg("--version")
            .output()
            .context("cannot run pandoc")?;
        let version = String::from_utf8_lossy(&version.stdout);
        let major: u32 = version
            .split_whitespace()
            .nth(1)
            .and_then(|v| v.split('.').next())
            .and_then(|v| v.parse().ok())
            .with_context(|| format!("cannot read pandoc's version from {version:?}"))?;
        // pandoc 3 renamed --epub-chapter-level (and warns about the old name).
        let split = if major >= 3 {
            "--split-level=1"
        } else {
            "--epub-chapter-level=1"
        };
        let mut command = Command::new(&self.pandoc);
        command
            .args([
                "--from=html",
                "--to=epub3",
                "--standalone",
                "--toc",
                "--toc-depth=2",
            ])
            .arg(split)
            .arg(format!("--resource-path={}", resources.display()))
            .arg(format!("--css={}", css.display()))
            .arg(format!("--metadata=title:{}", meta.title))
            .arg(format!("--metadata=subtitle:{}", meta.description))
            .arg(format!("--metadata=lang:{}", meta.language))
            .arg(format!("--metadata=date:{}", meta.date))
            .arg(format!("--metadata=rights:{}", RIGHTS));
        for author in &meta.authors {
            command.arg(format!("--metadata=author:{author}"));
        }
        command
            .arg(format!("--output={}", epub.display()))
            .arg(page);
        run_bounded(command, PANDOC_LIMIT, "pandoc", None)
    }
}

/// The book's license, as the workspace's Cargo.toml and README give it.
const RIGHTS: &str = "MIT OR Apache-2.0";

/// Runs `command` in a process group of its own (on Unix), ending the whole group if it outlives
/// `limit`.
/// Its output goes to this process's, or to `log` (printed if it fails); a failure names `what`.
fn run_bounded(
    mut command: Command,
    limit: Duration,
    what: &str,
    log: Option<&Path>,
) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    command.stdin(Stdio::null());
    if let Some(log) = log {
        let file = std::fs::File::create(log)?;
        command.stdout(file.try_clone()?).stderr(file);
    }
    let show_log = || {
        if let Some(log) = log {
            eprint!("{}", std::fs::read_to_string(log).unwrap_or_default());
        }
    };
    let mut child = command
        .spawn()
        .with_context(|| format!("cannot start {what}"))?;
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                show_log();
                bail!("{what} failed ({status})");
            }
            return Ok(());
        }
        if Instant::now() >= deadline {
            // The whole group on Unix; elsewhere the child alone.
            #[cfg(unix)]
            if let Ok(group) = i32::try_from(child.id()) {
                // SAFETY: kill(2) with a negative id signals the process group the child leads.
                unsafe {
                    libc::kill(-group, libc::SIGKILL);
                }
            }
            let _ = child.kill();
            let _ = child.wait();
            show_log();
            bail!("{what} did not finish within {} s", limit.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Metadata {
        Metadata {
            title: "T".into(),
            description: "D".into(),
            authors: vec!["A".into()],
            language: "en".into(),
            repository: Some("https://example.org/r".into()),
            date: "2026-01-02".into(),
            commit: Some("abc".into()),
        }
    }

    #[test]
    fn css_strings_lose_their_escapes() {
        assert_eq!(css_string(r"\26A0\FE0E  Panics"), "\u{26A0}\u{FE0E} Panics");
        assert_eq!(css_string(r#"a \"b\" c"#), r#"a "b" c"#);
    }

    #[test]
    fn the_web_books_labels_are_read() {
        let labels = listing_labels(&crate::root()).unwrap();
        let buggy = labels.iter().find(|(c, _)| c == &["buggy"]).unwrap();
        assert!(buggy.1.contains("bug on purpose"), "{}", buggy.1);
    }

    #[test]
    fn folded_blocks_become_boxes_and_listings_get_labels() {
        let print = concat!(
            "<html><main><h1 id=\"x\"><a class=\"header\" href=\"#x\">X</a></h1>\n",
            "<details class=\"predict\">\n<summary>Predict: <code>a</code>?</summary>\n",
            "<p>Answer.</p>\n</details>\n",
            "<pre class=\"playground\"><code class=\"language-rust buggy edition2024\">fn main() {}\n</code></pre>\n",
            "<pre><code class=\"language-text\">out\n</code></pre>\n",
            "</main></html>"
        );
        let labels = vec![(vec!["buggy".to_string()], "Bug!".to_string())];
        let epub = for_epub(print, &meta(), &labels).unwrap();
        assert!(epub.contains("<h1 id=\"x\">X</h1>"), "{epub}");
        assert!(
            epub.contains("<div class=\"predict\">\n<p class=\"box-title\"><strong>Predict: <code>a</code>?</strong></p>"),
            "{epub}"
        );
        assert!(
            !epub.contains("details") && !epub.contains("summary"),
            "{epub}"
        );
        assert!(
            epub.contains("<div class=\"listing-label buggy\"><p>Bug!</p></div>\n<pre class=\"rust buggy\"><code>fn main"),
            "{epub}"
        );
        assert!(epub.contains("<pre class=\"text\"><code>out"), "{epub}");
        assert!(epub.contains("commit <code>abc</code>"), "{epub}");
    }

    #[test]
    fn a_details_without_summary_is_refused() {
        let print = "<main><details class=\"deeper\"><p>no summary</p></details></main>";
        assert!(for_epub(print, &meta(), &[]).is_err());
    }

    #[test]
    fn the_pdf_page_opens_every_details_and_has_a_title_page() {
        let print = "<html><head></head><body><main id=\"m\"><details class=\"deeper\">\n<summary>S</summary>\n</details></main></body></html>";
        let pdf = for_pdf(print, &meta()).unwrap();
        assert!(pdf.contains("<details class=\"deeper\" open>"), "{pdf}");
        assert!(
            pdf.contains("<main id=\"m\"><div class=\"ebook-title-page\">"),
            "{pdf}"
        );
        assert!(pdf.contains("</style>\n</head>"), "{pdf}");
    }
}
