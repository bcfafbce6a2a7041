use std::collections::BTreeSet;
use std::path::Path;

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
        ],
    );
}

/// Runs a binary of this crate with no arguments and returns what it printed.
fn output_of(bin: &str) -> String {
    let run = listing_check::run(Path::new(bin), &[]).unwrap();
    assert_eq!(run.exit_code(), Some(0), "{bin} failed:\n{}", run.combined);
    run.combined
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
    let out = output_of(env!("CARGO_BIN_EXE_one-process-many-threads"));
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
    let out = output_of(env!("CARGO_BIN_EXE_a-second-process"));
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
