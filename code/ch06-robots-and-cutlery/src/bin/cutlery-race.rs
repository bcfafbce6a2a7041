use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};

// The same file is model-checked by tests/loom.rs: with the `loom` feature, the kitchen's
// atomics (and the threads of `two_bots_one_kitchen`) are loom's, which record every access.
#[cfg(feature = "loom")]
use loom::{
    sync::Arc,
    sync::atomic::{AtomicI64, Ordering::SeqCst},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicI64, Ordering::SeqCst},
    thread,
};

// ANCHOR: kitchen
/// A table for four: four knives and four forks.
const PLACES: i64 = 4;

/// The cutlery in the kitchen, shared by every bot.
struct Kitchen {
    knives: AtomicI64,
    forks: AtomicI64,
}

impl Kitchen {
    fn open(knives: i64, forks: i64) -> Kitchen {
        Kitchen {
            knives: AtomicI64::new(knives),
            forks: AtomicI64::new(forks),
        }
    }

    /// A bot takes the cutlery for one table out of the kitchen.
    fn lend(&self, places: i64) {
        add(&self.knives, -places);
        add(&self.forks, -places);
    }

    /// A bot brings one table's cutlery back.
    fn take_back(&self, places: i64) {
        add(&self.knives, places);
        add(&self.forks, places);
    }

    fn stock(&self) -> (i64, i64) {
        (self.knives.load(SeqCst), self.forks.load(SeqCst))
    }
}

// ANCHOR: add
/// Adds `amount` to `count` (a negative amount takes away) in two atomic steps, not one.
fn add(count: &AtomicI64, amount: i64) {
    let seen = count.load(SeqCst); // step 1: read
    count.store(seen + amount, SeqCst); // steps 2 and 3: add, and write the sum back
}
// ANCHOR_END: add
// ANCHOR_END: kitchen

// ANCHOR: bot
enum Task {
    SetTable,
    ClearTable,
}

/// One bot's shift: every task of its queue, in order. Returns the knives it still carries.
fn thread_bot(tasks: Receiver<Task>, kitchen: &Kitchen) -> i64 {
    let mut carrying = 0; // knives in this bot's hands, and as many forks: no other thread sees it
    for task in tasks {
        match task {
            Task::SetTable => {
                kitchen.lend(PLACES);
                carrying += PLACES;
            }
            Task::ClearTable => {
                kitchen.take_back(PLACES);
                carrying -= PLACES;
            }
        }
    }
    carrying
}
// ANCHOR_END: bot

// ANCHOR: service
/// Ten bots serve `tables` tables each; returns the kitchen's (knives, forks) afterwards.
fn service(tables: u32) -> (i64, i64) {
    let kitchen = Arc::new(Kitchen::open(100, 100));
    // Every bot's whole queue is written before the first bot starts.
    let mut queues = Vec::new();
    for _ in 0..10 {
        let (queue, tasks) = mpsc::channel();
        for _ in 0..tables {
            queue.send(Task::SetTable).unwrap();
            queue.send(Task::ClearTable).unwrap();
        }
        queues.push(tasks); // `queue` drops here: once a bot has emptied `tasks`, its loop ends
    }
    let bots: Vec<_> = queues
        .into_iter()
        .map(|tasks| {
            let kitchen = Arc::clone(&kitchen);
            std::thread::spawn(move || thread_bot(tasks, &kitchen))
        })
        .collect();
    for bot in bots {
        assert_eq!(bot.join().unwrap(), 0, "a bot went home with cutlery");
    }
    kitchen.stock()
}

fn evenings(services: Vec<u32>) {
    for tables in services {
        let (knives, forks) = service(tables);
        println!(
            "{tables:>6} tables: kitchen before 100 knives, 100 forks; after {knives} knives, {forks} forks"
        );
    }
}
// ANCHOR_END: service

fn main() -> ExitCode {
    let Some(services) = table_counts() else {
        eprintln!(
            "usage: cutlery-race [TABLES]... (each a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    evenings(services);
    ExitCode::SUCCESS
}

/// The table counts given on the command line, or `[100]` without arguments.
fn table_counts() -> Option<Vec<u32>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Some(vec![100]);
    }
    args.iter()
        .map(|a| a.parse().ok().filter(|&n| n > 0))
        .collect()
}

// ANCHOR: model
/// Two bots at the same moment: A sets a table, B clears one. tests/loom.rs runs this under
/// loom, which tries every order of their loads and stores.
#[allow(dead_code, reason = "main does not call it: tests/loom.rs does")]
pub fn two_bots_one_kitchen() {
    let kitchen = Arc::new(Kitchen::open(100, 100));
    let kitchen_for_a = Arc::clone(&kitchen);
    let bot_a = thread::spawn(move || kitchen_for_a.lend(PLACES));
    kitchen.take_back(PLACES); // bot B, on this thread
    bot_a.join().unwrap();
    assert_eq!(
        kitchen.stock(),
        (100, 100),
        "the kitchen lost track of its cutlery"
    );
}
// ANCHOR_END: model

/// The same two bots, for examples/outcomes/: the kitchen's (knives, forks) once both are done.
#[allow(dead_code, reason = "main does not call it: examples/outcomes/ does")]
pub fn stock_after_two_bots() -> (i64, i64) {
    let kitchen = Arc::new(Kitchen::open(100, 100));
    let kitchen_for_a = Arc::clone(&kitchen);
    let bot_a = thread::spawn(move || kitchen_for_a.lend(PLACES));
    kitchen.take_back(PLACES);
    bot_a.join().unwrap();
    kitchen.stock()
}
