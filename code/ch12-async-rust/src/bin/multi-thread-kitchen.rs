//! The cutlery service on tokio's multi-threaded runtime: tasks run in parallel again, so the
//! kitchen needs `Arc` and a lock. A std `Mutex` where no `.await` happens under the lock,
//! a `tokio::sync::Mutex` where one does.
//! Usage: multi-thread-kitchen [TABLES]   (tables per queue; default 100)
use std::collections::HashSet;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};

use tokio::task::{self, JoinSet};

// ANCHOR: state
struct Cutlery {
    knives: i64,
    forks: i64,
}

/// One machine that every table's cutlery goes through. Washing takes `.await`s, and the
/// machine must stay ours for the whole wash: its lock is held across them.
struct Dishwasher {
    loads: u64,
}

impl Dishwasher {
    async fn wash(&mut self) {
        task::yield_now().await; // fill, run, empty: the runtime may switch tasks here
        task::yield_now().await;
        self.loads += 1;
    }
}

struct Restaurant {
    kitchen: Mutex<Cutlery>, // std: locked briefly, never across .await
    dishwasher: tokio::sync::Mutex<Dishwasher>, // tokio: held across .await
    threads_seen: Mutex<HashSet<ThreadId>>,
}
// ANCHOR_END: state

// ANCHOR: tasks
impl Restaurant {
    fn change(&self, knives: i64, forks: i64) {
        let mut kitchen = self.kitchen.lock().unwrap();
        kitchen.knives += knives;
        kitchen.forks += forks;
    } // the guard drops here, before any `.await`
}

async fn serve_tables(restaurant: Arc<Restaurant>, tables: u32) {
    for _ in 0..tables {
        restaurant
            .threads_seen
            .lock()
            .unwrap()
            .insert(thread::current().id());
        restaurant.change(-4, -4);
        task::yield_now().await;
        restaurant.dishwasher.lock().await.wash().await; // the guard lives across `wash`
        restaurant.change(4, 4);
    }
}

async fn service(tables: u32) -> (i64, i64, u64, usize) {
    let restaurant = Arc::new(Restaurant {
        kitchen: Mutex::new(Cutlery {
            knives: 100,
            forks: 100,
        }),
        dishwasher: tokio::sync::Mutex::new(Dishwasher { loads: 0 }),
        threads_seen: Mutex::new(HashSet::new()),
    });
    let mut queues = JoinSet::new();
    for _ in 0..10 {
        queues.spawn(serve_tables(restaurant.clone(), tables)); // needs Send + 'static
    }
    while let Some(done) = queues.join_next().await {
        done.expect("a table queue panicked");
    }
    let loads = restaurant.dishwasher.lock().await.loads;
    let threads = restaurant.threads_seen.lock().unwrap().len();
    let kitchen = restaurant.kitchen.lock().unwrap(); // no `.await` after this line
    (kitchen.knives, kitchen.forks, loads, threads)
}

fn run(tables: u32) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("cannot build a tokio runtime");
    let (knives, forks, loads, threads) = runtime.block_on(service(tables));
    println!("{tables} tables per queue, 10 queues, 2 worker threads");
    println!("kitchen after: {knives} knives, {forks} forks; dishwasher loads: {loads}");
    println!("the tasks ran on {threads} different thread(s)");
}
// ANCHOR_END: tasks

fn main() -> ExitCode {
    let Some(tables) = table_count() else {
        eprintln!(
            "usage: multi-thread-kitchen [TABLES] (a positive whole number; default 100)"
        );
        return ExitCode::from(2);
    };
    run(tables);
    ExitCode::SUCCESS
}

fn table_count() -> Option<u32> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [] => Some(100),
        [n] => n.parse().ok().filter(|&n| n > 0),
        _ => None,
    }
}
