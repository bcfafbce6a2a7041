//! One bot, one thread, every table: the cutlery case study with tasks and no locks.
//! Usage: async-threadbot [TABLES]...   (tables per queue; default 100)
use std::cell::Cell;
use std::process::ExitCode;
use std::rc::Rc;

use tokio::task::{self, LocalSet};

// ANCHOR: kitchen
/// The kitchen's inventory: plain cells, no lock. `Cell` is not `Sync` and `Rc` is not `Send`,
/// so the compiler itself keeps the shared kitchen on the one thread that created it.
struct Kitchen {
    knives: Cell<i64>,
    forks: Cell<i64>,
}

impl Kitchen {
    /// Read, add, write back: the very steps that lost updates between threads in chapter 6.
    /// There is no `.await` in here, so no other task can run between the read and the write.
    fn change(&self, knives: i64, forks: i64) {
        self.knives.set(self.knives.get() + knives);
        self.forks.set(self.forks.get() + forks);
    }
}
// ANCHOR_END: kitchen

// ANCHOR: bot
/// The bot walks `steps` steps; at each one it may turn to another table's task.
async fn walk(steps: u32, switches: &Cell<u64>) {
    for _ in 0..steps {
        task::yield_now().await; // returns `Pending` once: the runtime may run another task here
        switches.set(switches.get() + 1);
    }
}

/// One queue of tables, as a task. Queues sit at different distances from the kitchen.
async fn serve_tables(
    kitchen: Rc<Kitchen>,
    tables: u32,
    distance: u32,
    switches: Rc<Cell<u64>>,
) {
    for _ in 0..tables {
        kitchen.change(-4, -4); // prepare: four knives and four forks leave the kitchen
        walk(distance, &switches).await;
        kitchen.change(4, 4); // clear: they come back
        walk(distance, &switches).await;
    }
}

async fn service(tables: u32) -> (i64, i64, u64) {
    let kitchen = Rc::new(Kitchen {
        knives: Cell::new(100),
        forks: Cell::new(100),
    });
    let switches = Rc::new(Cell::new(0));
    let mut queues = Vec::new();
    for queue in 0..10 {
        let distance = 1 + queue % 3;
        // `spawn_local`: the task stays on this thread, so it may hold an `Rc`.
        let serve = serve_tables(kitchen.clone(), tables, distance, switches.clone());
        queues.push(task::spawn_local(serve));
    }
    for queue in queues {
        queue.await.expect("a table queue panicked");
    }
    (kitchen.knives.get(), kitchen.forks.get(), switches.get())
}
// ANCHOR_END: bot

// ANCHOR: main
fn evenings(services: Vec<u32>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("cannot build a tokio runtime");
    for tables in services {
        let (knives, forks, switches) =
            LocalSet::new().block_on(&runtime, service(tables));
        println!(
            "{tables:>6} tables per queue: kitchen before 100 knives, 100 forks; after {knives} knives, {forks} forks ({switches} switches, one thread)"
        );
    }
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let Some(services) = table_counts() else {
        eprintln!(
            "usage: async-threadbot [TABLES]... (each a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    evenings(services);
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
