use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

// ANCHOR: kitchen
/// What a bot can ask of the kitchen. Only the kitchen's thread touches the inventory.
enum Request {
    Take { knives: i64, forks: i64 },
    Return { knives: i64, forks: i64 },
}

/// The kitchen's thread: it alone owns the counts, as plain numbers, and applies the
/// requests one at a time, in the order they arrive. It ends when every bot has hung up.
fn kitchen(requests: Receiver<Request>) -> (i64, i64) {
    let (mut knives, mut forks) = (100, 100);
    for request in requests {
        match request {
            Request::Take {
                knives: k,
                forks: f,
            } => (knives, forks) = (knives - k, forks - f),
            Request::Return {
                knives: k,
                forks: f,
            } => (knives, forks) = (knives + k, forks + f),
        }
    }
    (knives, forks)
}
// ANCHOR_END: kitchen

// ANCHOR: bot
/// A table for four: four knives and four forks.
const PLACES: i64 = 4;

enum Task {
    SetTable,
    ClearTable,
}

fn thread_bot(tasks: Receiver<Task>, kitchen: Sender<Request>) -> i64 {
    let mut carrying = 0; // knives in this bot's hands, and as many forks: no other thread sees it
    for task in tasks {
        match task {
            Task::SetTable => {
                let set = Request::Take {
                    knives: PLACES,
                    forks: PLACES,
                };
                kitchen.send(set).unwrap();
                carrying += PLACES;
            }
            Task::ClearTable => {
                let set = Request::Return {
                    knives: PLACES,
                    forks: PLACES,
                };
                kitchen.send(set).unwrap();
                carrying -= PLACES;
            }
        }
    }
    carrying
}
// ANCHOR_END: bot

// ANCHOR: service
fn service(tables: u32) -> (i64, i64) {
    let (to_kitchen, requests) = mpsc::channel();
    let kitchen = thread::spawn(move || kitchen(requests));
    let mut bots = Vec::new();
    for _ in 0..10 {
        let (queue, tasks) = mpsc::channel();
        for _ in 0..tables {
            queue.send(Task::SetTable).unwrap();
            queue.send(Task::ClearTable).unwrap();
        }
        let to_kitchen = to_kitchen.clone();
        bots.push(thread::spawn(move || thread_bot(tasks, to_kitchen)));
    }
    drop(to_kitchen); // main's own handle: the kitchen stops once the bots' are gone too
    for bot in bots {
        assert_eq!(bot.join().unwrap(), 0, "a bot went home with cutlery");
    }
    kitchen.join().unwrap()
}
// ANCHOR_END: service

fn main() -> ExitCode {
    let Some(services) = table_counts() else {
        eprintln!(
            "usage: cutlery-actor [TABLES]... (each a positive whole number; default 100)"
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

fn table_counts() -> Option<Vec<u32>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Some(vec![100]);
    }
    args.iter()
        .map(|a| a.parse().ok().filter(|&n| n > 0))
        .collect()
}
