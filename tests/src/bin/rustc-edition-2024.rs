//! The `rustc` that skeptic calls for the book's snippets (the tests point `RUSTC` here).
//!
//! 1. It compiles as edition 2024 whatever edition it is asked for: skeptic picks the edition from
//!    the packages it sees and knows none after 2021, while every listing of this book is 2024.
//! 2. It keeps each compiled snippet, keyed by everything that decides the result (the snippet's
//!    source, the flags, and the size and modification time of every crate it links), and hands
//!    back the kept binary when nothing changed. skeptic still runs every snippet on every test
//!    run; only the unchanged compilations are skipped, which keeps a warm test run short.

use std::collections::hash_map::DefaultHasher;
use std::ffi::OsString;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os()
        .skip(1)
        .filter(|arg| !arg.to_string_lossy().starts_with("--edition"))
        .collect();
    let cached = cache_path(&args);
    let output = output_path(&args);
    if let (Some(cached), Some(output)) = (&cached, &output)
        && std::fs::copy(cached, output).is_ok()
    {
        return ExitCode::SUCCESS;
    }
    let status = Command::new(env!("BOOK_RUSTC"))
        .arg("--edition=2024")
        .args(&args)
        .status();
    match status {
        Ok(status) if status.success() => {
            if let (Some(cached), Some(output)) = (cached, output) {
                keep(&output, &cached);
            }
            ExitCode::SUCCESS
        }
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!(
                "rustc-edition-2024: could not run {}: {e}",
                env!("BOOK_RUSTC")
            );
            ExitCode::FAILURE
        }
    }
}

/// The binary rustc is asked to write (`-o PATH`), if this is a full compilation.
fn output_path(args: &[OsString]) -> Option<PathBuf> {
    let at = args.iter().position(|arg| arg == "-o")?;
    args.get(at + 1).map(PathBuf::from)
}

/// Where a compilation with these arguments is kept, or `None` if it is not one to keep.
fn cache_path(args: &[OsString]) -> Option<PathBuf> {
    output_path(args)?;
    let source = args
        .iter()
        .map(Path::new)
        .find(|arg| arg.extension().is_some_and(|e| e == "rs"))?;
    let temp_dir = source.parent()?;
    let mut hasher = DefaultHasher::new();
    env!("BOOK_RUSTC").hash(&mut hasher);
    std::fs::read(source).ok()?.hash(&mut hasher);
    for arg in args {
        let text = arg.to_string_lossy();
        // The temporary directory differs on every call and does not change the result.
        text.replace(&*temp_dir.to_string_lossy(), "<tmp>")
            .hash(&mut hasher);
        // `--extern name=path`: a rebuilt dependency keeps its path, so key on its content's stamp.
        if let Some((_, path)) = text.split_once('=')
            && let Ok(meta) = std::fs::metadata(path)
        {
            meta.len().hash(&mut hasher);
            meta.modified().ok()?.hash(&mut hasher);
        }
    }
    let dir = Path::new(env!("OUT_DIR")).join("snippet-cache");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir.join(format!("{:016x}", hasher.finish())))
}

/// Keeps a compiled snippet; written under a temporary name and renamed, so a reader never sees half a file.
fn keep(output: &Path, cached: &Path) {
    let partial = cached.with_extension(format!("partial-{}", std::process::id()));
    if std::fs::copy(output, &partial).is_ok() {
        let _ = std::fs::rename(&partial, cached);
    }
}
