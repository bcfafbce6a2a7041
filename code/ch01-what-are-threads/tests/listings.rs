use std::collections::BTreeSet;
use std::panic;
use std::path::Path;

use listing_check::combined_of;

#[test]
fn every_listing_runs_as_the_book_shows() {
    listing_check::check_listings(
        env!("CARGO_MANIFEST_DIR"),
        listing_check::bins![
            "edition-check",
            "one-process-many-threads",
            "a-second-process",
            "solution-count-threads",
            "solution-note-over-stdin",
            "solution-edition-check-reworded",
            "solution-let-chain-cores",
        ],
    );
}

/// Splits a line `process <pid> | ThreadId(<n>) "<name>"` into its three parts.
fn parse_thread_line(line: &str) -> Option<(&str, &str, &str)> {
    let rest = line.strip_prefix("process ")?;
    let (pid, rest) = rest.split_once(" | ")?;
    let (id, name) = rest.split_once(' ')?;
    Some((pid, id, name))
}

/// Listing 1-1: four threads, one process id, four distinct thread ids, and main sees the
/// slots the workers wrote.
#[test]
fn threads_share_one_process_and_its_memory() {
    let out = combined_of(env!("CARGO_BIN_EXE_one-process-many-threads"), &[]);
    let lines: Vec<_> = out.lines().filter_map(parse_thread_line).collect();
    assert_eq!(lines.len(), 4, "one line per thread expected:\n{out}");

    let pids: BTreeSet<_> = lines.iter().map(|(pid, _, _)| *pid).collect();
    assert_eq!(
        pids.len(),
        1,
        "every thread must report the same process id:\n{out}"
    );
    assert!(pids.first().unwrap().parse::<u32>().is_ok(), "{out}");

    let ids: BTreeSet<_> = lines.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(ids.len(), 4, "every thread must have its own id:\n{out}");

    let names: BTreeSet<_> = lines.iter().map(|(_, _, name)| *name).collect();
    let expected: BTreeSet<_> =
        ["\"main\"", "\"worker-1\"", "\"worker-2\"", "\"worker-3\""]
            .into_iter()
            .collect();
    assert_eq!(names, expected, "{out}");
    assert_eq!(
        lines[0].2, "\"main\"",
        "main prints before it starts any worker:\n{out}"
    );

    assert!(
        out.contains(
            r#"main reads its slots: ["worker-1 was here", "worker-2 was here", "worker-3 was here"]"#
        ),
        "main must see what each worker wrote into its memory:\n{out}"
    );
    let all: Vec<&str> = out.lines().collect();
    let reads = all
        .iter()
        .position(|l| l.starts_with("main reads its slots: "))
        .expect("main prints its slots");
    let last_worker = all
        .iter()
        .rposition(|l| parse_thread_line(l).is_some())
        .expect("the workers print their lines");
    assert!(
        last_worker < reads,
        "thread::scope returns only after every worker has printed:\n{out}"
    );
    let cores = out
        .lines()
        .find_map(|l| l.strip_prefix("available parallelism: "))
        .expect("the listing prints the available parallelism");
    assert!(cores.parse::<usize>().is_ok_and(|n| n >= 1), "{out}");
}

/// Listing 1-2: the thread's change is visible in the parent, not in the child process,
/// and the two processes have different ids.
#[test]
fn a_second_process_has_its_own_id_and_memory() {
    let out = combined_of(env!("CARGO_BIN_EXE_a-second-process"), &[]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let parent = lines[0]
        .strip_prefix("parent process ")
        .and_then(|r| r.split_once(": note = "))
        .expect("the parent's line comes first");
    let child = lines[1]
        .strip_prefix("child  process ")
        .and_then(|r| r.split_once(": note = "))
        .expect("the child's line comes second");
    assert_ne!(parent.0, child.0, "two processes, two ids:\n{out}");
    assert_eq!(parent.1, r#""written by main, then by a thread""#, "{out}");
    assert_eq!(child.1, r#""written by main""#, "{out}");
}

/// Runs `check_listings` on a scratch copy of the repository's parts that the edition check's
/// reads (its `listings.toml` entry, its output file, the page that shows it), with
/// `binary` standing in for `edition-check`, and returns the failure it reports, if any.
fn check_edition_check_with(binary: &str) -> Option<String> {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("edition-check-exercise-{}", std::process::id()));
    let scratch = root.join("code").join(env!("CARGO_PKG_NAME"));
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(scratch.join("output")).unwrap();
    std::fs::create_dir_all(root.join("book")).unwrap();
    std::fs::copy(
        here.join("../../book/appendix-how-this-book-is-tested.md"),
        root.join("book/appendix-how-this-book-is-tested.md"),
    )
    .unwrap();
    std::fs::write(
        scratch.join("listings.toml"),
        "[[listing]]\nbin = \"edition-check\"\noutput = \"exact\"\n",
    )
    .unwrap();
    std::fs::copy(
        here.join("output/edition-check.txt"),
        scratch.join("output/edition-check.txt"),
    )
    .unwrap();
    let crate_dir = scratch.to_string_lossy().into_owned();
    let bins = [("edition-check", binary)];
    let outcome =
        panic::catch_unwind(|| listing_check::check_listings(&crate_dir, &bins));
    std::fs::remove_dir_all(&root).unwrap();
    let payload = outcome.err()?;
    Some(
        payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "a panic that is not text".into()),
    )
}

/// Exercise 2 of the appendix "How this book tests itself": the unchanged edition check
/// passes the exact-output check; the reworded one
/// fails it, and the failure names the chapter and the file, shows both outputs and says to
/// run `cargo xtask bless`.
#[test]
fn a_reworded_listing_fails_the_exact_output_check() {
    assert_eq!(
        check_edition_check_with(env!("CARGO_BIN_EXE_edition-check")),
        None,
        "the unchanged listing must pass"
    );
    let failure =
        check_edition_check_with(env!("CARGO_BIN_EXE_solution-edition-check-reworded"))
            .expect("the reworded listing must fail the check");
    for expected in [
        "book/appendix-how-this-book-is-tested.md shows an output that a fresh run no longer prints",
        "output/edition-check.txt (shown in the book)",
        "this line runs on the thread named \"main\"",
        "this line ran on the thread named \"main\"",
        "cargo xtask bless",
    ] {
        assert!(
            failure.contains(expected),
            "{expected:?} missing from:\n{failure}"
        );
    }
}

/// Exercise 3 of the appendix "How this book tests itself": the let chain binds the name
/// and the parallelism, then tests a condition;
/// either branch prints one line.
#[test]
fn a_let_chain_with_two_lets() {
    let out = combined_of(env!("CARGO_BIN_EXE_solution-let-chain-cores"), &[]);
    let parallel = out
        .strip_prefix("thread \"main\" runs on a machine that can run ")
        .and_then(|rest| rest.strip_suffix(" threads at once\n"))
        .and_then(|n| n.parse::<usize>().ok());
    let expected_parallel = thread_count().filter(|&n| n > 1);
    assert_eq!(parallel, expected_parallel, "{out}");
    if expected_parallel.is_none() {
        assert_eq!(
            out,
            "this thread has no name, or the machine runs one thread at a time\n"
        );
    }
}

fn thread_count() -> Option<usize> {
    std::thread::available_parallelism().ok().map(|n| n.get())
}
