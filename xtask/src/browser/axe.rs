//! Accessibility: axe-core (Deque's rules engine, pinned and installed from npm by
//! `.ci/axe-core`) run on every page in every theme, at a desktop width and at a phone's, with
//! the WCAG 2.0/2.1/2.2 A and AA rules. Any critical or serious violation fails the page, and the
//! report names the page, the theme, the rule and the elements.
//!
//! At the phone's width the page must also fit: nothing scrolls the page sideways (a wide code
//! block scrolls inside itself), and no label of a listing (the `::before` of
//! listing-markers.css) is wider than its box.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

use super::session::{Session, strings};

/// The rules run: axe's tags for WCAG 2.0, 2.1 and 2.2, levels A and AA.
pub const TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
/// mdBook's five themes, by the class each gives `<html>`.
pub const THEMES: &[&str] = &["light", "rust", "coal", "navy", "ayu"];
/// The rules whose verdict a theme can change: the others are run in the first theme only.
const COLOUR_RULES: &[&str] = &["color-contrast", "link-in-text-block"];
/// The impacts that fail a page (axe also reports "moderate" and "minor").
const FAILING: &[&str] = &["critical", "serious"];
/// A phone held upright (CSS pixels): the width the book must fit.
pub const PHONE: (u32, u32) = (390, 844);
/// A desktop window, the one the rest of the check uses.
pub const DESKTOP: (u32, u32) = (1280, 900);
/// At most this many elements are named per rule; the rest are counted.
const NAMED: usize = 3;

// The problems, as the report words them (the self-test looks for the same words).
/// "{AXE_VIOLATION} {rule} ({impact}) in the {theme} theme ...".
pub const AXE_VIOLATION: &str = "axe:";
/// "{SIDEWAYS} by N px".
pub const SIDEWAYS: &str = "at 390 px wide the page scrolls sideways";
/// "the label of the listing under #x {LABEL_CUT} by N px".
pub const LABEL_CUT: &str = "is cut off at the right edge";
/// The first Tab of a page does not land on a visible link to the chapter.
pub const NO_SKIP_LINK: &str =
    "the first Tab does not focus a visible skip link to #mdbook-main";
/// Enter on the focused sidebar toggle does nothing.
pub const TOGGLE_DEAF: &str =
    "Enter on the focused sidebar toggle does not open or close the table of contents";
/// A focused element scrolled into view ends up under the sticky menu bar.
pub const FOCUS_OBSCURED: &str =
    "is hidden under the sticky menu bar when it takes the focus";

/// What the accessibility checks run on: axe's source, the themes, and whether the phone too (in
/// the same themes: the layout changes there, and with it what stands on which background).
pub struct Accessibility {
    source: String,
    pub themes: Vec<&'static str>,
    pub phone: bool,
}

impl Accessibility {
    /// axe-core as `.ci/axe-core` installs it (npm, pinned), every theme, and the phone.
    pub fn install(root: &Path) -> Result<Accessibility> {
        let output = Command::new("bash")
            .arg(root.join(".ci/axe-core"))
            .output()
            .context("running .ci/axe-core (needs bash, Node.js and npm)")?;
        if !output.status.success() {
            bail!(
                ".ci/axe-core failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        let path = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let source = std::fs::read_to_string(&path)
            .with_context(|| format!("reading axe-core from {path}"))?;
        Ok(Accessibility {
            source,
            themes: THEMES.to_vec(),
            phone: true,
        })
    }
}

/// The script that runs axe on the page and hands back its failing violations (asynchronous:
/// WebDriver's callback is the last argument). `arguments[0]`: the rules to run (null: every
/// rule of [`TAGS`]). Each element comes with what axe says of it (for color-contrast, the
/// colours and the ratio), for `target/browser/axe.json`.
fn run_script() -> String {
    let tags = serde_json::to_string(TAGS).unwrap_or_default();
    let failing = serde_json::to_string(FAILING).unwrap_or_default();
    format!(
        r#"const done = arguments[arguments.length - 1];
        const rules = arguments[0];
        const only = rules ? {{ type: 'rule', values: rules }} : {{ type: 'tag', values: {tags} }};
        const started = performance.now();
        axe.run(document, {{ runOnly: only, resultTypes: ['violations'] }})
            .then(r => done({{ ms: Math.round(performance.now() - started), violations: r.violations
                .filter(v => {failing}.includes(v.impact))
                .map(v => ({{ id: v.id, impact: v.impact, help: v.help,
                             nodes: v.nodes.map(n => n.target.join(' ')),
                             details: v.nodes.map(n => ({{ html: n.html.slice(0, 160), why: n.failureSummary,
                                 data: (n.any[0] || n.all[0] || n.none[0] || {{}}).data }})) }})) }}))
            .catch(e => done({{ error: String(e) }}));"#
    )
}

/// One violation reported by axe: a rule and the elements that break it.
pub struct Violation {
    pub rule: String,
    pub impact: String,
    pub help: String,
    pub nodes: Vec<String>,
    /// What axe says of each element, as JSON (target/browser/axe.json).
    pub details: Value,
}

impl Violation {
    /// The report's sentence: rule, impact, theme (and viewport), the elements.
    pub fn problem(&self, theme: &str, viewport: &str) -> String {
        let mut named: Vec<String> = self
            .nodes
            .iter()
            .take(NAMED)
            .map(|n| format!("`{n}`"))
            .collect();
        if self.nodes.len() > NAMED {
            named.push(format!("and {} more", self.nodes.len() - NAMED));
        }
        format!(
            "{AXE_VIOLATION} {} ({}) in the {theme} theme{viewport}: {}; {} element(s): {}",
            self.rule,
            self.impact,
            self.help,
            self.nodes.len(),
            named.join(", ")
        )
    }
}

impl Session<'_> {
    /// Loads axe into the current page (once per page) and stops transitions, so that a
    /// theme change is complete when axe reads the colours.
    async fn prepare_axe(&self) -> Result<()> {
        let loaded = self.client.execute("return !!window.axe", vec![]).await?;
        if loaded != Value::Bool(true) {
            self.client
                .execute(&format!("{}\n;return true;", self.a11y.source), vec![])
                .await
                .context("loading axe-core into the page")?;
            self.client
                .execute(
                    "const s = document.createElement('style'); \
                     s.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }'; \
                     document.head.appendChild(s); return true;",
                    vec![],
                )
                .await?;
        }
        Ok(())
    }

    /// Picks `theme` through mdBook's own handler (a click on its menu item, which need not be
    /// open); false if the page did not take it.
    async fn apply_theme(&self, theme: &str) -> Result<bool> {
        let picked = self
            .client
            .execute(
                "const t = arguments[0]; const b = document.getElementById('mdbook-theme-' + t); \
                 if (b) b.click(); return document.documentElement.classList.contains(t);",
                vec![Value::from(theme)],
            )
            .await?;
        Ok(picked == Value::Bool(true))
    }

    /// axe's critical and serious violations on the page as it is now: every rule of [`TAGS`],
    /// or only `rules`.
    async fn axe_violations(&self, rules: Option<&[&str]>) -> Result<Vec<Violation>> {
        let found = self
            .client
            .execute_async(&run_script(), vec![serde_json::to_value(rules)?])
            .await
            .context("running axe-core")?;
        if let Some(error) = found.get("error") {
            bail!("axe-core failed: {error}");
        }
        if std::env::var_os("XTASK_AXE_TIMES").is_some() {
            eprintln!("axe: {} ms", found["ms"]);
        }
        Ok(found["violations"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|v| Violation {
                rule: v["id"].as_str().unwrap_or_default().to_string(),
                impact: v["impact"].as_str().unwrap_or_default().to_string(),
                help: v["help"].as_str().unwrap_or_default().to_string(),
                nodes: strings(&v["nodes"]),
                details: v["details"].clone(),
            })
            .collect())
    }

    /// axe on the page loaded now (`page`), in each of `themes`: every rule in the first, and
    /// in the others only the rules that colours can break (the rest read the same markup);
    /// then the page goes back to the light theme. `viewport` is "" or ", at 390 px". What axe
    /// said of each element is kept for `target/browser/axe.json`.
    pub async fn accessibility(
        &mut self,
        page: &str,
        themes: &[&str],
        viewport: &str,
    ) -> Result<Vec<String>> {
        self.prepare_axe().await?;
        let mut problems = Vec::new();
        for (i, theme) in themes.iter().enumerate() {
            if !self.apply_theme(theme).await? {
                problems.push(format!(
                    "the {theme} theme could not be picked, so axe did not check it"
                ));
                continue;
            }
            let rules = (i > 0).then_some(COLOUR_RULES);
            for violation in self.axe_violations(rules).await? {
                problems.push(violation.problem(theme, viewport));
                self.axe_found.push(serde_json::json!({
                    "page": page, "theme": theme, "viewport": viewport.trim_start_matches(", "),
                    "rule": violation.rule, "impact": violation.impact, "help": violation.help,
                    "elements": violation.details,
                }));
            }
        }
        self.apply_theme("light").await?;
        Ok(problems)
    }

    /// Sets the browser's viewport (the inner size of the window) to `width` × `height`.
    pub async fn set_viewport(&self, (width, height): (u32, u32)) -> Result<()> {
        // The window's outer size includes whatever frame the browser draws: measure it once.
        self.client.set_window_size(width, height).await?;
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await?;
        let (w, h) = (
            inner[0].as_u64().unwrap_or(0) as u32,
            inner[1].as_u64().unwrap_or(0) as u32,
        );
        if (w, h) != (width, height) {
            self.client
                .set_window_size(
                    width + width.saturating_sub(w),
                    height + height.saturating_sub(h),
                )
                .await?;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok(())
    }

    /// At the phone's width: does the page scroll sideways, is a listing's label cut off?
    pub async fn phone_fit(&self) -> Result<Vec<String>> {
        let facts = self.client.execute(FIT_SCRIPT, vec![]).await?;
        let mut problems = Vec::new();
        let overflow = facts["overflow"].as_i64().unwrap_or(0);
        if overflow > 0 {
            let wide = strings(&facts["wide"]).join(", ");
            problems.push(format!("{SIDEWAYS} by {overflow} px (too wide: {wide})"));
        }
        for cut in facts["cut"].as_array().into_iter().flatten() {
            problems.push(format!(
                "the label of the listing {} {LABEL_CUT} by {} px",
                cut[0].as_str().unwrap_or("?"),
                cut[1]
            ));
        }
        Ok(problems)
    }
}

impl Session<'_> {
    /// The keyboard on `page`: the first Tab reaches the skip link and Enter there moves the
    /// focus into the chapter; Enter on the sidebar toggle toggles the table of contents; a
    /// link above the window, once focused, is not under the sticky menu bar.
    pub async fn check_keyboard(&mut self, page: &str) -> Result<()> {
        self.client.goto(&self.url(page)).await?;
        self.wait_until("document.readyState === 'complete'").await;
        let mut problems = Vec::new();
        self.client
            .active_element()
            .await?
            .send_keys(&Key::Tab)
            .await?;
        let skip = "(a => !!a && a.matches('a[href=\"#mdbook-main\"]') \
                    && a.getBoundingClientRect().top >= 0)(document.activeElement)";
        if !self.is_true(skip).await {
            problems.push(NO_SKIP_LINK.to_string());
        } else {
            self.client
                .active_element()
                .await?
                .send_keys(&Key::Enter)
                .await?;
            if !self
                .wait_until("document.activeElement && document.activeElement.id === 'mdbook-main'")
                .await
            {
                problems.push("Enter on the skip link does not move the focus to the chapter".into());
            }
        }
        const VISIBLE: &str =
            "document.documentElement.classList.contains('sidebar-visible')";
        let before = self.is_true(VISIBLE).await;
        let toggle = self
            .client
            .find(Locator::Id("mdbook-sidebar-toggle"))
            .await?;
        self.client
            .execute(
                "document.getElementById('mdbook-sidebar-toggle').focus(); return true",
                vec![],
            )
            .await?;
        // Keys sent to an element that cannot take the focus are an error: the same failure.
        let _ = toggle.send_keys(&Key::Enter).await;
        let changed = format!("{}({VISIBLE})", if before { "!" } else { "" });
        if self.wait_until(&changed).await {
            toggle.send_keys(&Key::Enter).await?;
            self.wait_until(&format!("{}({VISIBLE})", if before { "" } else { "!" }))
                .await;
        } else {
            problems.push(TOGGLE_DEAF.to_string());
        }
        // A link scrolled to just under the top of the window, where the bar covers it, then
        // focused as Tab would: the browser must scroll it clear of the bar.
        let placed = self.client.execute(PLACE_UNDER_BAR, vec![]).await?;
        if placed == Value::Bool(true) {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let obscured = self.client.execute(FOCUS_AND_MEASURE, vec![]).await?;
            if let Some(link) = obscured.as_str() {
                problems.push(format!("the link \"{link}\" {FOCUS_OBSCURED}"));
            }
        }
        self.push_item(
            "keyboard",
            format!("{page}: skip link, sidebar toggle, focus below the menu bar"),
            problems,
        )
        .await
    }
}

/// The first link of the chapter's text, scrolled to 10 px below the top of the window (under
/// the sticky menu bar); false if the page has no such link.
const PLACE_UNDER_BAR: &str = r#"
const link = document.querySelector('#mdbook-main p a[href]');
if (!link) return false;
if (document.activeElement) document.activeElement.blur();
window.scrollBy(0, link.getBoundingClientRect().top - 10);
return true;
"#;

/// Focuses that link (the browser scrolls it into view if it thinks it needs to) and returns
/// its text if the menu bar still covers it.
const FOCUS_AND_MEASURE: &str = r#"
const link = document.querySelector('#mdbook-main p a[href]');
link.focus();
const bar = document.getElementById('mdbook-menu-bar').getBoundingClientRect();
const box = link.getBoundingClientRect();
return box.top < bar.bottom - 1 ? link.textContent.trim().slice(0, 40) : null;
"#;

/// How the page fits its viewport: how far it scrolls sideways, and which elements stick out
/// (not counting what is inside a box that scrolls); the labels (`::before`) of marked listings
/// wider than their box, measured by a copy of the label with the same style.
const FIT_SCRIPT: &str = r#"
const width = document.documentElement.clientWidth;
// mdBook's content area scrolls by itself (overflow-y: auto makes overflow-x auto too): when
// it scrolls sideways, the whole chapter does, as much as when the page itself does.
const content = document.getElementById('mdbook-content') || document.body;
const overflow = Math.max(document.documentElement.scrollWidth - width, content.scrollWidth - content.clientWidth);
const scrolls = el => { for (let p = el.parentElement; p && p !== content; p = p.parentElement) { const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll' || o === 'hidden') return true; } return false; };
const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
const wide = overflow <= 0 ? [] : Array.from(document.querySelectorAll('main *'))
    .filter(el => el.getBoundingClientRect().right > content.getBoundingClientRect().right + 1 && !scrolls(el))
    .slice(0, 3).map(describe);
const main = document.querySelector('main') || document.body;
const headings = Array.from(main.querySelectorAll('h1[id],h2[id],h3[id],h4[id],h5[id],h6[id]'));
const where = el => { let last = null; for (const h of headings) if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) last = h; return last ? 'under #' + last.id : 'at the top of the page'; };
const cut = [];
for (const pre of main.querySelectorAll('pre')) {
    const label = getComputedStyle(pre, '::before');
    if (!label.content || label.content === 'none' || label.content === 'normal' || label.display === 'none') continue;
    const probe = document.createElement('div');
    for (const p of ['font', 'letterSpacing', 'whiteSpace', 'padding', 'boxSizing', 'overflowWrap', 'wordBreak']) probe.style[p] = label[p];
    probe.style.position = 'absolute'; probe.style.visibility = 'hidden'; probe.style.left = '0'; probe.style.top = '0';
    const box = pre.getBoundingClientRect();
    const borders = parseFloat(getComputedStyle(pre).borderLeftWidth) + parseFloat(getComputedStyle(pre).borderRightWidth);
    probe.style.width = (box.width - borders) + 'px';
    probe.textContent = label.content.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
    document.body.appendChild(probe);
    const over = Math.ceil(probe.scrollWidth - probe.clientWidth);
    probe.remove();
    const right = box.right > width + 1;
    if (over > 1 || right) cut.push([where(pre), Math.max(over, Math.ceil(box.right - width))]);
}
return { overflow, wide, cut };
"#;
