//! What the checks do in the browser: go to a page, click a link, wait for a condition, pick a
//! theme, read the console, find out what is wrong with a link.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, Locator};
use serde_json::Value;

use super::axe::Accessibility;
use super::checks::{CONSOLE_ERROR, NO_SUCH_PAGE, no_such_fragment};
use super::driver::BrowserLog;
use super::{Item, Report};

/// Any one wait in a page: a click's navigation, search results, images, a theme change.
pub const WAIT: Duration = Duration::from_secs(8);

/// The note said once when the playground's console errors are left out.
const PLAYGROUND_NOTE: &str = "the Rust playground (play.rust-lang.org) is unreachable from \
                               here; its console errors were not counted";

pub struct Session<'a> {
    pub client: &'a Client,
    pub site: url::Url,
    pub dir: &'a Path,
    pub report: Report,
    /// The ids of every page visited, by path (`/ch02-x.html`), for the #fragment checks.
    pub ids: HashMap<String, BTreeSet<String>>,
    /// axe-core, the themes it runs in, and whether the phone's width is checked too.
    pub a11y: &'a Accessibility,
    /// What axe found, element by element (written to target/browser/axe.json).
    pub axe_found: Vec<Value>,
}

impl Session<'_> {
    pub fn url(&self, page: &str) -> String {
        self.site.join(page).map(String::from).unwrap_or_default()
    }

    /// Adds a book-wide check, with the console errors it caused.
    pub async fn push_item(
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
    pub async fn follow(&self, rel: &str, page: &str) -> Result<()> {
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
    pub async fn link_problem(
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
            return Ok(Some(NO_SUCH_PAGE.into()));
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
            .then(|| no_such_fragment(fragment, target)))
    }

    pub async fn html_class(&self) -> Result<String> {
        let class = self
            .client
            .execute("return document.documentElement.className", vec![])
            .await?;
        Ok(class.as_str().unwrap_or_default().to_string())
    }

    /// Opens the theme menu, picks `theme`, closes the menu; returns the page's class then.
    pub async fn pick_theme(&self, theme: &str) -> Result<String> {
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

    pub async fn is_true(&self, condition: &str) -> bool {
        let script = format!("return !!({condition})");
        matches!(
            self.client.execute(&script, vec![]).await,
            Ok(Value::Bool(true))
        )
    }

    /// Polls a JavaScript condition every 50 ms for at most [`WAIT`]; true if it became true.
    pub async fn wait_until(&self, condition: &str) -> bool {
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
    pub async fn console_errors(&mut self) -> Result<Vec<String>> {
        let entries = self.client.issue_cmd(BrowserLog).await?;
        let mut errors = Vec::new();
        for entry in entries.as_array().into_iter().flatten() {
            if entry["level"] != "SEVERE" {
                continue;
            }
            let message = entry["message"].as_str().unwrap_or_default();
            if message.contains("play.rust-lang.org") || is_playground_fetch(message) {
                if !self.report.notes.iter().any(|n| n == PLAYGROUND_NOTE) {
                    self.report.notes.push(PLAYGROUND_NOTE.into());
                }
                continue;
            }
            errors.push(format!("{CONSOLE_ERROR} {message}"));
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

/// The strings of a JSON array (none if it is not one).
pub fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
