use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: kitchen
struct Stock {
    knives: i64,
    forks: i64,
    lowest: i64,   // the fewest knives the kitchen ever had
    refusals: u64, // requests it could not fill at once
}

/// Hands out a set only if the kitchen has it: the check and the taking share one guard.
fn try_take(kitchen: &Mutex<Stock>, knives: i64, forks: i64) -> bool {
    let mut stock = kitchen.lock().unwrap();
    if stock.knives < knives || stock.forks < forks {
        stock.refusals += 1;
        return false;
    }
    stock.knives -= knives;
    stock.forks -= forks;
    stock.lowest = stock.lowest.min(stock.knives);
    true
}

fn give_back(kitchen: &Mutex<Stock>, knives: i64, forks: i64) {
    let mut stock = kitchen.lock().unwrap();
    stock.knives += knives;
    stock.forks += forks;
}
// ANCHOR_END: kitchen

enum Task {
    SetTable,
    ClearTable,
}

// ANCHOR: bot
fn thread_bot(tasks: Receiver<Task>, kitchen: &Mutex<Stock>) -> Result<(), String> {
    for task in tasks {
        match task {
            Task::SetTable => {
                let mut attempts = 0;
                while !try_take(kitchen, 12, 12) {
                    attempts += 1;
                    if attempts == 10_000_000 {
                        return Err("a bot waited 10,000,000 times for cutlery".into());
                    }
                    thread::yield_now(); // let a bot that holds cutlery bring it back
                }
            }
            Task::ClearTable => give_back(kitchen, 12, 12),
        }
    }
    Ok(())
}
// ANCHOR_END: bot

fn main() -> ExitCode {
    let tables: u32 = match std::env::args().nth(1).map(|a| a.parse()) {
        None => 100,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!(
                "usage: solution-short-kitchen [TABLES] (a positive whole number; default 100)"
            );
            return ExitCode::from(2);
        }
    };
    // A table for twelve takes 12 knives and 12 forks: only one can be set at a time.
    let kitchen = Arc::new(Mutex::new(Stock {
        knives: 20,
        forks: 20,
        lowest: 20,
        refusals: 0,
    }));
    let mut queues = Vec::new();
    for _ in 0..10 {
        let (queue, tasks) = mpsc::channel();
        for _ in 0..tables {
            queue.send(Task::SetTable).unwrap();
            queue.send(Task::ClearTable).unwrap();
        }
        queues.push(tasks);
    }
    let bots: Vec<_> = queues
        .into_iter()
        .map(|tasks| {
            let kitchen = Arc::clone(&kitchen);
            thread::spawn(move || thread_bot(tasks, &kitchen))
        })
        .collect();
    for bot in bots {
        if let Err(e) = bot.join().unwrap() {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let stock = kitchen.lock().unwrap();
    println!(
        "{tables} tables for twelve per bot, 10 bots, 20 knives and 20 forks in the kitchen"
    );
    println!(
        "after service: {} knives, {} forks",
        stock.knives, stock.forks
    );
    println!("fewest knives ever in the kitchen: {}", stock.lowest);
    println!("requests refused and retried: {}", stock.refusals);
    ExitCode::SUCCESS
}
