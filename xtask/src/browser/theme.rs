//! The book's one override of mdBook's theme, `book/theme/index.hbs` (book.toml's
//! `output.html.theme`): mdBook's own page template with the few changes below, each for an
//! accessibility failure of mdBook's markup that no stylesheet or script of ours could fix as
//! well. The test rebuilds the file from mdBook's original (the version in Cargo.lock) and these
//! changes, so an mdBook update that moves the lines fails here rather than dropping a change
//! or keeping an old template; `cargo xtask browser` checks the result with axe.

/// mdBook's text, what replaces it, and why (the replacement carries its own comment).
pub const CHANGES: &[(&str, &str)] = &[
    // A keyboard or screen-reader user reaches the chapter without tabbing through the whole
    // table of contents and the menu bar first (WCAG 2.4.1 Bypass Blocks). Styled in a11y.css.
    (
        "    <body>\n",
        "    <body>\n    {{!-- a11y: a skip link to the chapter, before the table of contents (WCAG 2.4.1); a11y.css shows it when focused. --}}\n    <a class=\"skip-to-content\" href=\"#mdbook-main\">Skip to the chapter</a>\n",
    ),
    // mdBook's sidebar toggle is a <label> with aria-label, aria-controls and (set by its
    // script) aria-expanded: a label may carry none of them (axe: aria-allowed-attr, critical;
    // aria-prohibited-attr, serious), and it is not focusable, so a keyboard cannot open the
    // table of contents. As a button it may carry all three; a11y.js makes Enter and Space
    // click it, as they would a <button>.
    (
        "<label id=\"mdbook-sidebar-toggle\" class=\"icon-button\" for=\"mdbook-sidebar-toggle-anchor\"",
        "{{!-- a11y: role=button and tabindex: a focusable button may carry the aria-* below; a11y.js adds Enter/Space --}}\n                        <label id=\"mdbook-sidebar-toggle\" class=\"icon-button\" role=\"button\" tabindex=\"0\" for=\"mdbook-sidebar-toggle-anchor\"",
    ),
    // The skip link's target: focusable by script only (tabindex -1), so focus really moves
    // there and the next Tab continues inside the chapter.
    (
        "                    <main>\n",
        "                    {{!-- a11y: the skip link's target, focusable by the link only --}}\n                    <main id=\"mdbook-main\" tabindex=\"-1\">\n",
    ),
];

/// mdBook's template with [`CHANGES`] applied; an error names a change whose text is gone.
pub fn apply(original: &str) -> Result<String, String> {
    let mut text = original.to_string();
    for (from, to) in CHANGES {
        match text.matches(from).count() {
            1 => text = text.replacen(from, to, 1),
            n => {
                return Err(format!(
                    "mdBook's index.hbs has {from:?} {n} times, not once"
                ));
            }
        }
    }
    Ok(text)
}

/// mdBook's own index.hbs, from the mdbook-html package that Cargo.lock pins.
pub fn mdbook_original() -> anyhow::Result<String> {
    use anyhow::Context;
    let output =
        std::process::Command::new(std::env::var("CARGO").unwrap_or("cargo".into()))
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(crate::root())
            .output()
            .context("running cargo metadata")?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    let manifest = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "mdbook-html")
        .and_then(|p| p["manifest_path"].as_str())
        .context("mdbook-html is not among the dependencies")?;
    let path =
        std::path::Path::new(manifest).with_file_name("front-end/templates/index.hbs");
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

/// `cargo xtask browser --write-theme`: writes book/theme/index.hbs again from mdBook's.
pub fn write() -> anyhow::Result<()> {
    let text = apply(&mdbook_original()?).map_err(anyhow::Error::msg)?;
    let path = crate::root().join("book/theme/index.hbs");
    std::fs::write(&path, text)?;
    println!("wrote {}", path.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_override_is_mdbooks_template_with_the_listed_changes_only() {
        let expected = apply(&mdbook_original().unwrap()).unwrap();
        let path = crate::root().join("book/theme/index.hbs");
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(
            committed == expected,
            "book/theme/index.hbs is not mdBook's index.hbs with the changes of \
             xtask/src/browser/theme.rs; after an mdBook update, write it again with \
             `cargo xtask browser --write-theme`"
        );
    }

    #[test]
    fn a_change_whose_text_is_gone_is_an_error() {
        assert!(apply("<html></html>").is_err());
    }
}
