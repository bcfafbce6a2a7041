//! The crates of listings, and the text of the files generated from their runs: the one place
//! that says what an output file (`output/<bin>.txt`) and a compiler message file
//! (`compile_fail/<name>.stderr`) contain. `cargo xtask bless`, `cargo xtask measure` and the
//! chapter crates' tests ([`crate::check_listings`]) all build that text here.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{Listing, Listings};

/// A crate under `code/` with a `listings.toml` that declares listings (a chapter's crate).
pub struct ListingCrate {
    /// The package name, which is also the directory name under `code/`.
    pub package: String,
    pub dir: PathBuf,
    pub listings: Vec<Listing>,
}

/// Every crate under `<root>/code/` that has a `listings.toml` with listings, sorted by name.
pub fn listing_crates(root: &Path) -> Result<Vec<ListingCrate>, String> {
    let code = root.join("code");
    let mut found = Vec::new();
    for entry in
        std::fs::read_dir(&code).map_err(|e| format!("{}: {e}", code.display()))?
    {
        let dir = entry.map_err(|e| e.to_string())?.path();
        if !dir.join("Cargo.toml").exists() {
            continue;
        }
        let listings = Listings::read(&dir)?.listings;
        if listings.is_empty() {
            continue;
        }
        let package = dir.file_name().unwrap().to_string_lossy().into_owned();
        found.push(ListingCrate {
            package,
            dir,
            listings,
        });
    }
    found.sort_by(|a, b| a.package.cmp(&b.package));
    Ok(found)
}

/// The text of an output file: the command a reader types, what the program printed, and for a
/// measurement the line that says when and with which compiler ([`provenance`]).
pub fn output_text(
    command_line: &str,
    printed: &str,
    provenance: Option<&str>,
) -> String {
    format!("{command_line}\n{printed}{}", provenance.unwrap_or(""))
}

/// The text of a `compile_fail/<name>.stderr`: the `rustc` command, then what rustc said.
pub fn compiler_message_text(command_line: &str, message: &str) -> String {
    format!("{command_line}\n{message}")
}

/// The last line of every output a measurement writes: the date and the compiler, beside the
/// machine line the program prints itself. `python`: the program names its interpreter itself.
pub fn provenance(python: bool) -> String {
    if python {
        return format!("# measured {} by `cargo xtask measure`\n", today());
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "an unknown rustc".into());
    format!(
        "# measured {} with {version} by `cargo xtask measure`\n",
        today()
    )
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// Where cargo puts this workspace's binaries (`cargo metadata`, run in `root`).
pub fn target_dir(root: &Path) -> Result<PathBuf, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version=1", "--no-deps"])
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err("cargo metadata failed".into());
    }
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    metadata["target_directory"]
        .as_str()
        .map(PathBuf::from)
        .ok_or_else(|| "no target_directory in cargo metadata".into())
}

/// `path` relative to `root`, for messages.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_the_command_then_what_was_printed_then_the_provenance() {
        assert_eq!(
            output_text("$ cargo run", "hi\n", None),
            "$ cargo run\nhi\n"
        );
        assert_eq!(
            output_text("$ cargo run", "hi\n", Some("# measured x\n")),
            "$ cargo run\nhi\n# measured x\n"
        );
        assert!(provenance(true).starts_with("# measured 20"));
        assert_eq!(today().len(), 10);
    }
}
