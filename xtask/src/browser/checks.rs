//! The checks: every page in SUMMARY order, then the book-wide ones (navigation, search, theme,
//! print view, 404 page, screenshots). The words of each problem they report are defined here,
//! once: the self-test looks for the same constants (self_test.rs).

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::Locator;
use serde_json::json;

use super::Item;
use super::axe::{DESKTOP, PHONE};
use super::session::{Session, WAIT, strings};

/// What a page holds, as the browser sees it once loaded.
const PAGE_SCRIPT: &str = include_str!("page.js");
/// The words the search box must find.
const SEARCH_TERMS: &[&str] = &["Mutex", "Semaphore"];

// The problems, as the report words them: "the rust block under #x {EMPTY_LISTING}".
/// A code block whose visible lines are empty.
pub const EMPTY_LISTING: &str =
    "shows nothing (an ANCHOR that expands to nothing, or an empty file?)";
/// A Rust listing without the footer that says how to run it (xtask/src/footers.rs).
pub const NO_COMMAND_LINE: &str = "has no command line under it";
/// A listing of listings.toml without the Run button (run-listing.js) in the served book.
pub const NO_RUN_BUTTON: &str = "has no Run button under it";
/// What the browser console printed as an error: "{CONSOLE_ERROR} {message}".
pub const CONSOLE_ERROR: &str = "console error:";
/// "the image {src} {IMAGE_NOT_LOADED}".
pub const IMAGE_NOT_LOADED: &str = "does not load";
/// "the chart {src} {NO_CHART_TABLE}" (charts.rs writes it, figures.rs places it).
pub const NO_CHART_TABLE: &str = "has no table of its numbers after it";
/// "the link {href} {NO_SUCH_PAGE}".
pub const NO_SUCH_PAGE: &str = "leads to a page that does not exist";
/// The theme menu did not change the page's theme: "{THEME_NOT_PICKED} `{class}` ...".
pub const THEME_NOT_PICKED: &str = "after picking Coal the page's class is";
/// "{PRINT_LACKS_CHAPTER} \"{title}\"".
pub const PRINT_LACKS_CHAPTER: &str = "the print view lacks the chapter";
/// "a missing page shows \"{title}\", {NOT_THE_404_PAGE}".
pub const NOT_THE_404_PAGE: &str = "not the 404 page";
/// "searching for {term} {NO_SEARCH_RESULT} within {WAIT}".
pub const NO_SEARCH_RESULT: &str = "shows no result";

/// A link to `#fragment` of a page (`/ch01-x.html`) that has no element of that id.
pub fn no_such_fragment(fragment: &str, page: &str) -> String {
    format!("points to #{fragment}, which {page} does not have")
}

/// A "prev" or "next" link that goes to `found` instead of `expected` (paths, or None).
pub fn wrong_rel_link(rel: &str, found: Option<&str>, expected: Option<&str>) -> String {
    format!(
        "its \"{rel}\" link goes to {}, not {}",
        found.unwrap_or("nowhere"),
        expected.unwrap_or("nowhere")
    )
}

impl Session<'_> {
    /// A screenshot of the page with its first marked listing (does not compile, panics, shows a
    /// bug) scrolled to the middle, if it has one.
    async fn marked_listing_screenshot(&mut self) -> Result<Vec<u8>> {
        self.client
            .execute(
                "const c = document.querySelector('pre > code.compile_fail, pre > code.should_panic, pre > code.buggy'); \
                 if (c) c.closest('pre').scrollIntoView({block: 'center'});",
                vec![],
            )
            .await?;
        tokio::time::sleep(Duration::from_millis(200)).await;
        Ok(self.client.screenshot().await?)
    }

    pub async fn check(
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
            for block in facts["empty"].as_array().into_iter().flatten() {
                let [kind, place] = [0, 1].map(|k| block[k].as_str().unwrap_or_default());
                problems.push(format!("the {kind} block {place} {EMPTY_LISTING}"));
            }
            for place in strings(&facts["unfooted"]) {
                problems.push(format!("the rust block {place} {NO_COMMAND_LINE}"));
            }
            for src in strings(&facts["images"]) {
                problems.push(format!("the image {src} {IMAGE_NOT_LOADED}"));
            }
            for src in strings(&facts["untabled"]) {
                problems.push(format!("the chart {src} {NO_CHART_TABLE}"));
            }
            for place in strings(&facts["norun"]) {
                problems.push(format!("the rust block {place} {NO_RUN_BUTTON}"));
            }
            let path = format!("/{page}");
            let expect_prev = (i > 0).then(|| format!("/{}", pages[i - 1]));
            let expect_next = pages.get(i + 1).map(|p| format!("/{p}"));
            for (rel, expected) in [("prev", expect_prev), ("next", expect_next)] {
                let found = facts[rel].as_str();
                if found != expected.as_deref() {
                    problems.push(wrong_rel_link(rel, found, expected.as_deref()));
                }
            }
            self.ids
                .insert(path.clone(), strings(&facts["ids"]).into_iter().collect());
            for link in facts["links"].as_array().into_iter().flatten() {
                let [href, target, fragment] =
                    [0, 1, 2].map(|k| link[k].as_str().unwrap_or_default().to_string());
                links.push((i, href, target, fragment));
            }
            let themes = self.a11y.themes.clone();
            problems.extend(self.accessibility(page, &themes, "").await?);
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
        if let Err(e) = self.check_keyboard(&pages[0]).await {
            self.push_item("keyboard", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if screenshots && let Err(e) = self.screenshots(pages, &marked_pages, out).await {
            self.push_item("screenshots", String::new(), vec![format!("{e:#}")])
                .await?;
        }
        if self.a11y.phone {
            // A screenshot of a marked listing on the phone, with the main check's others.
            let shot = screenshots.then(|| {
                let page = marked_pages.first().unwrap_or(&pages[0]).clone();
                (page, out.join("phone.png"))
            });
            self.check_phone(pages, shot).await?;
        }
        Ok(())
    }

    /// Every page again at a phone's width: it fits (nothing scrolls the page sideways, no
    /// label is cut off), and axe finds nothing there either. Its problems go to the page.
    async fn check_phone(
        &mut self,
        pages: &[String],
        shot: Option<(String, std::path::PathBuf)>,
    ) -> Result<()> {
        self.set_viewport(PHONE).await?;
        for page in pages {
            self.client.goto(&self.url(page)).await?;
            self.wait_until("document.readyState === 'complete'").await;
            let mut problems = self.phone_fit().await?;
            let themes = self.a11y.themes.clone();
            problems.extend(self.accessibility(page, &themes, ", at 390 px").await?);
            problems.extend(self.console_errors().await?);
            if let Some(item) = self.report.items.iter_mut().find(|i| i.name == *page) {
                item.problems.extend(problems);
            }
        }
        if let Some((page, file)) = shot {
            self.client.goto(&self.url(&page)).await?;
            self.wait_until("document.readyState === 'complete'").await;
            std::fs::write(&file, self.marked_listing_screenshot().await?)?;
        }
        self.set_viewport(DESKTOP).await
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
            .map(|t| format!("{PRINT_LACKS_CHAPTER} \"{t}\""))
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
                "a missing page shows \"{title}\", {NOT_THE_404_PAGE}"
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
                        "searching for {term} {NO_SEARCH_RESULT} within {WAIT:?}"
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
            problems.push(format!("{THEME_NOT_PICKED} `{after}` (was `{before}`)"));
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
            let png = self.marked_listing_screenshot().await?;
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
}
