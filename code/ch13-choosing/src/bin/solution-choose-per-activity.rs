//! Exercise 13-1: the chapter's table as a function, applied to each activity of one program.
//! Usage: solution-choose-per-activity   (no arguments: it analyses the book's sample program)
use std::process::ExitCode;

// ANCHOR: main
/// What an activity of a program spends its time on.
#[derive(Clone, Copy)]
enum Work {
    /// Waiting on the network, the disk, another process or a user, through an async API.
    Waits,
    /// Waiting inside a library that only has a blocking API.
    BlocksInALibrary,
    /// Computing on data already in memory.
    Computes,
    /// Running code that may crash or leak (a plugin, a C library, untrusted input).
    MayCrash,
}

struct Activity {
    name: &'static str,
    work: Work,
    /// How many of them are in progress at once.
    at_once: u32,
    /// Whether it changes state that other activities also read or change.
    changes_shared_state: bool,
}

/// Above this many waits at once, a thread each costs more than it is worth (chapters 11 and 12).
const MANY_WAITS: u32 = 100;

/// The chapter's table: the tool for one activity, and the reason.
fn choose(activity: &Activity) -> (&'static str, &'static str) {
    match activity.work {
        Work::Waits if activity.at_once > MANY_WAITS => (
            "tokio tasks",
            "many waits at once: a task costs bytes, a thread kilobytes",
        ),
        Work::Waits => (
            "threads",
            "a few waits: a thread each is simple and cheap enough",
        ),
        Work::BlocksInALibrary => (
            "spawn_blocking",
            "a blocking call must not hold a runtime worker",
        ),
        Work::Computes => (
            "rayon",
            "CPU-bound: one thread per core, balanced by the pool",
        ),
        Work::MayCrash => (
            "a child process",
            "a crash or a leak must end only the child",
        ),
    }
}

/// The book's sample program: a crawler that fetches pages, parses them, stores them and
/// runs a third-party HTML sanitizer on the pages it keeps.
fn sample_program() -> Vec<Activity> {
    vec![
        Activity {
            name: "fetch pages",
            work: Work::Waits,
            at_once: 2_000,
            changes_shared_state: false,
        },
        Activity {
            name: "watch the configuration file",
            work: Work::Waits,
            at_once: 1,
            changes_shared_state: false,
        },
        Activity {
            name: "parse and index pages",
            work: Work::Computes,
            at_once: 8,
            changes_shared_state: false,
        },
        Activity {
            name: "store to SQLite (blocking driver)",
            work: Work::BlocksInALibrary,
            at_once: 1,
            changes_shared_state: false,
        },
        Activity {
            name: "count pages per host",
            work: Work::Waits,
            at_once: 2_000,
            changes_shared_state: true,
        },
        Activity {
            name: "sanitize HTML (C library)",
            work: Work::MayCrash,
            at_once: 2,
            changes_shared_state: false,
        },
    ]
}

fn main() -> ExitCode {
    if std::env::args().len() > 1 {
        eprintln!("usage: solution-choose-per-activity (it takes no arguments)");
        return ExitCode::from(2);
    }
    for activity in sample_program() {
        let (tool, why) = choose(&activity);
        println!(
            "{:<34} {:>5} at once -> {tool}: {why}",
            activity.name, activity.at_once
        );
        if activity.changes_shared_state {
            println!(
                "    and the state it changes gets one owner (an actor task), not a lock"
            );
        }
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: main
