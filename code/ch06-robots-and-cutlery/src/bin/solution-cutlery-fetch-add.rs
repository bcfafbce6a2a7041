use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};

// Model-checked by tests/loom.rs with the `loom` feature, as cutlery-race.rs is.
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

// ANCHOR: cutlery
struct Cutlery {
    knives: AtomicI64,
    forks: AtomicI64,
}

impl Cutlery {
    fn new(knives: i64, forks: i64) -> Cutlery {
        Cutlery {
            knives: AtomicI64::new(knives),
            forks: AtomicI64::new(forks),
        }
    }

    fn give(&self, to: &Cutlery, knives: i64, forks: i64) {
        self.change(-knives, -forks);
        to.change(knives, forks);
    }

    // ANCHOR: change
    fn change(&self, knives: i64, forks: i64) {
        self.knives.fetch_add(knives, SeqCst); // read, add, write back: one atomic step
        self.forks.fetch_add(forks, SeqCst);
    }
    // ANCHOR_END: change

    fn counts(&self) -> (i64, i64) {
        (self.knives.load(SeqCst), self.forks.load(SeqCst))
    }
}
// ANCHOR_END: cutlery

// ANCHOR: bot
enum Task {
    PrepareTable,
    ClearTable,
    Shutdown,
}

/// One bot's life: take tasks from its queue until told to shut down.
fn thread_bot(tasks: Receiver<Task>, kitchen: &Cutlery) -> (i64, i64) {
    let mine = Cutlery::new(0, 0); // what this bot is carrying
    for task in tasks {
        match task {
            Task::PrepareTable => kitchen.give(&mine, 4, 4),
            Task::ClearTable => mine.give(kitchen, 4, 4),
            Task::Shutdown => break,
        }
    }
    mine.counts()
}
// ANCHOR_END: bot

// ANCHOR: service
/// Ten bots serve `tables` tables each; returns the kitchen's counts afterwards.
fn service(tables: u32) -> (i64, i64) {
    let kitchen = Arc::new(Cutlery::new(100, 100));
    // Every bot's queue is filled first, then all ten bots start work.
    let mut queues = Vec::new();
    for _ in 0..10 {
        let (queue, tasks) = mpsc::channel();
        for _ in 0..tables {
            queue.send(Task::PrepareTable).unwrap();
            queue.send(Task::ClearTable).unwrap();
        }
        queue.send(Task::Shutdown).unwrap();
        queues.push(tasks);
    }
    let mut bots = Vec::new();
    for tasks in queues {
        let kitchen = Arc::clone(&kitchen);
        bots.push(std::thread::spawn(move || thread_bot(tasks, &kitchen)));
    }
    for bot in bots {
        let carried = bot.join().unwrap();
        assert_eq!(carried, (0, 0), "a bot went home with cutlery");
    }
    kitchen.counts()
}

fn main() -> ExitCode {
    let Some(services) = table_counts() else {
        eprintln!(
            "usage: solution-cutlery-fetch-add [TABLES]... (each a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    for tables in services {
        let (knives, forks) = service(tables);
        println!(
            "{tables:>6} tables: kitchen before 100 knives, 100 forks; after {knives} knives, {forks} forks"
        );
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: service

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
/// Two bots at the same moment: one takes a set of four from the kitchen, one brings a set back.
/// tests/loom.rs runs this under loom, which tries every order of their reads and writes.
#[allow(dead_code, reason = "main does not call it: tests/loom.rs does")]
pub fn two_bots_one_kitchen() {
    let kitchen = Arc::new(Cutlery::new(100, 100));
    let (bot_a, bot_b) = (Arc::new(Cutlery::new(0, 0)), Arc::new(Cutlery::new(4, 4)));
    let kitchen_a = Arc::clone(&kitchen);
    let a = thread::spawn(move || kitchen_a.give(&bot_a, 4, 4)); // prepare a table
    bot_b.give(&kitchen, 4, 4); // clear a table
    a.join().unwrap();
    assert_eq!(
        kitchen.counts(),
        (100, 100),
        "the kitchen lost track of its cutlery"
    );
}
// ANCHOR_END: model
