//! Exercise 12-1: an `.await` between the read and the write of `change` brings the lost
//! updates back, on one thread and without any parallelism.
//! Usage: solution-await-in-change [TABLES]   (tables per queue; default 100)
use std::cell::Cell;
use std::process::ExitCode;
use std::rc::Rc;

use tokio::task::{self, LocalSet};

// ANCHOR: kitchen
struct Kitchen {
    knives: Cell<i64>,
    forks: Cell<i64>,
}

impl Kitchen {
    /// Now `async`, and it awaits (say, to log the change) between reading and writing.
    async fn change(&self, knives: i64, forks: i64) {
        let (old_knives, old_forks) = (self.knives.get(), self.forks.get());
        task::yield_now().await; // another table's `change` may run here
        self.knives.set(old_knives + knives);
        self.forks.set(old_forks + forks);
    }
}
// ANCHOR_END: kitchen

async fn walk(steps: u32) {
    for _ in 0..steps {
        task::yield_now().await;
    }
}

async fn serve_tables(kitchen: Rc<Kitchen>, tables: u32, distance: u32) {
    for _ in 0..tables {
        kitchen.change(-4, -4).await;
        walk(distance).await;
        kitchen.change(4, 4).await;
        walk(distance).await;
    }
}

async fn service(tables: u32) -> (i64, i64) {
    let kitchen = Rc::new(Kitchen {
        knives: Cell::new(100),
        forks: Cell::new(100),
    });
    let mut queues = Vec::new();
    for queue in 0..10 {
        queues.push(task::spawn_local(serve_tables(
            kitchen.clone(),
            tables,
            1 + queue % 3,
        )));
    }
    for queue in queues {
        queue.await.expect("a table queue panicked");
    }
    (kitchen.knives.get(), kitchen.forks.get())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tables = match args.as_slice() {
        [] => Some(100),
        [n] => n.parse().ok().filter(|&n: &u32| n > 0),
        _ => None,
    };
    let Some(tables) = tables else {
        eprintln!(
            "usage: solution-await-in-change [TABLES] (a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("cannot build a tokio runtime");
    let (knives, forks) = LocalSet::new().block_on(&runtime, service(tables));
    println!(
        "{tables} tables per queue: kitchen before 100 knives, 100 forks; after {knives} knives, {forks} forks"
    );
    ExitCode::SUCCESS
}
