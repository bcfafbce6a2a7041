//! Seed 002's idea taken literally: one bot, one loop, serving every table's requests in turn.
//! Usage: one-bot-loop [TABLES]...   (tables per queue; default 100)
use std::collections::VecDeque;
use std::process::ExitCode;

// ANCHOR: bot
/// The kitchen belongs to the bot: plain integers, changed through `&mut`.
struct Kitchen {
    knives: i64,
    forks: i64,
}

/// What a queue of tables needs from the bot next.
#[derive(Debug, Clone, Copy)]
enum Step {
    Prepare,
    Clear,
}

struct Request {
    queue: usize,
    table: u32,
    step: Step,
}

/// One bot serves the requests of ten queues of tables, one request at a time, in turn.
/// Returns the kitchen at the end and the requests served, in order, for the first `log` ones.
fn serve_every_table(tables: u32, log: usize) -> (Kitchen, u64, Vec<String>) {
    let mut kitchen = Kitchen {
        knives: 100,
        forks: 100,
    };
    let mut requests: VecDeque<Request> = (0..10)
        .map(|queue| Request {
            queue,
            table: 0,
            step: Step::Prepare,
        })
        .collect();
    let (mut served, mut order) = (0, Vec::new());
    while let Some(request) = requests.pop_front() {
        if order.len() < log {
            let Request { queue, table, step } = &request;
            order.push(format!("{queue}/{table} {step:?}"));
        }
        served += 1;
        let next = match request.step {
            Step::Prepare => {
                kitchen.knives -= 4;
                kitchen.forks -= 4;
                Some((request.table, Step::Clear))
            }
            Step::Clear => {
                kitchen.knives += 4;
                kitchen.forks += 4;
                (request.table + 1 < tables).then_some((request.table + 1, Step::Prepare))
            }
        };
        // The queue's next request goes to the back: every other queue is served first.
        if let Some((table, step)) = next {
            requests.push_back(Request {
                queue: request.queue,
                table,
                step,
            });
        }
    }
    (kitchen, served, order)
}
// ANCHOR_END: bot

// ANCHOR: main
fn main() -> ExitCode {
    let Some(services) = table_counts() else {
        eprintln!(
            "usage: one-bot-loop [TABLES]... (each a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    let (_, _, order) = serve_every_table(2, 12);
    println!(
        "the first 12 requests (queue/table step): {}",
        order.join(", ")
    );
    for tables in services {
        let (kitchen, served, _) = serve_every_table(tables, 0);
        println!(
            "{tables:>6} tables per queue: kitchen before 100 knives, 100 forks; after {} knives, {} forks ({served} requests, one loop)",
            kitchen.knives, kitchen.forks
        );
    }
    ExitCode::SUCCESS
}
// ANCHOR_END: main

fn table_counts() -> Option<Vec<u32>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return Some(vec![100]);
    }
    args.iter()
        .map(|a| a.parse().ok().filter(|&n| n > 0))
        .collect()
}
