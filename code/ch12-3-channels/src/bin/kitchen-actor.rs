//! Chapter 6's kitchen actor as a task: one task owns the cutlery counts, waiters on a
//! multi-threaded runtime reach it only through a handle whose async methods send requests on an
//! `mpsc` channel, and the kitchen answers through a `oneshot` channel carried in the request.
use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::timeout;

// ANCHOR: actor
/// What a waiter can ask of the kitchen. A request that needs an answer carries the
/// `oneshot::Sender` to answer it on.
enum Request {
    Take {
        knives: i64,
        forks: i64,
        granted: oneshot::Sender<bool>,
    },
    Return {
        knives: i64,
        forks: i64,
    },
}

/// The kitchen's task: it alone owns the counts, as plain numbers, and handles one request at
/// a time. It ends, returning the counts, once every handle has been dropped.
async fn kitchen(mut requests: mpsc::Receiver<Request>, stock: (i64, i64)) -> (i64, i64) {
    let (mut knives, mut forks) = stock;
    while let Some(request) = requests.recv().await {
        match request {
            Request::Take {
                knives: k,
                forks: f,
                granted,
            } => {
                let enough = knives >= k && forks >= f;
                if enough {
                    (knives, forks) = (knives - k, forks - f);
                }
                if granted.send(enough) == Err(true) {
                    // The waiter stopped waiting for the answer: the set stays in the kitchen.
                    (knives, forks) = (knives + k, forks + f);
                }
            }
            Request::Return {
                knives: k,
                forks: f,
            } => (knives, forks) = (knives + k, forks + f),
        }
    }
    (knives, forks)
}
// ANCHOR_END: actor

// ANCHOR: handle
/// A handle on the kitchen: the only way to reach it, and cheap to clone (a clone is one more
/// `Sender` on the same channel).
#[derive(Clone)]
struct Kitchen {
    requests: mpsc::Sender<Request>,
}

impl Kitchen {
    /// Starts the kitchen's task with its stock; awaiting the `JoinHandle` gives the final counts.
    fn open(stock: (i64, i64)) -> (Kitchen, JoinHandle<(i64, i64)>) {
        let (requests, inbox) = mpsc::channel(16);
        let task = tokio::spawn(kitchen(inbox, stock));
        (Kitchen { requests }, task)
    }

    /// Asks for cutlery and waits for the answer: `true` if the kitchen handed it over.
    async fn take(&self, knives: i64, forks: i64) -> Result<bool, KitchenClosed> {
        let (granted, answer) = oneshot::channel();
        let request = Request::Take {
            knives,
            forks,
            granted,
        };
        self.requests
            .send(request)
            .await
            .map_err(|_| KitchenClosed)?;
        answer.await.map_err(|_| KitchenClosed)
    }

    /// Brings cutlery back. Nothing to wait for but room in the kitchen's queue.
    async fn give_back(&self, knives: i64, forks: i64) -> Result<(), KitchenClosed> {
        let request = Request::Return { knives, forks };
        self.requests.send(request).await.map_err(|_| KitchenClosed)
    }
}

/// The kitchen's task has ended, so a request could not be sent or was never answered.
#[derive(Debug)]
struct KitchenClosed;

impl fmt::Display for KitchenClosed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the kitchen closed before the service ended")
    }
}
// ANCHOR_END: handle

// ANCHOR: waiter
/// A table for four: four knives and four forks.
const PLACES: i64 = 4;

/// Sets and clears `tables` tables, one after another. When the kitchen is short, the waiter
/// lets the other tasks run and asks again.
async fn waiter(kitchen: Kitchen, tables: u32) -> Result<(), KitchenClosed> {
    for _ in 0..tables {
        while !kitchen.take(PLACES, PLACES).await? {
            tokio::task::yield_now().await;
        }
        tokio::task::yield_now().await; // the guests eat; other tasks run meanwhile
        kitchen.give_back(PLACES, PLACES).await?;
    }
    Ok(())
}
// ANCHOR_END: waiter

// ANCHOR: service
/// Cutlery for five tables, and ten waiters: some of them have to wait for a set.
const STOCK: (i64, i64) = (20, 20);
const WAITERS: usize = 10;

async fn service(tables: u32) -> Result<(i64, i64), String> {
    let (kitchen, kitchen_task) = Kitchen::open(STOCK);
    let mut waiters = JoinSet::new();
    for _ in 0..WAITERS {
        waiters.spawn(waiter(kitchen.clone(), tables));
    }
    drop(kitchen); // the service's own handle: the kitchen stops once the waiters' are gone too
    while let Some(finished) = waiters.join_next().await {
        finished
            .map_err(|e| format!("a waiter failed: {e}"))?
            .map_err(|e| e.to_string())?;
    }
    kitchen_task
        .await
        .map_err(|e| format!("the kitchen failed: {e}"))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> ExitCode {
    let Some(tables) = tables_per_waiter() else {
        eprintln!(
            "usage: kitchen-actor [TABLES] (a positive whole number; default 1000)"
        );
        return ExitCode::from(2);
    };
    match timeout(Duration::from_secs(60), service(tables)).await {
        Ok(Ok((knives, forks))) => {
            println!(
                "{WAITERS} waiters, {tables} tables each: kitchen before {} knives, {} forks; \
                 after {knives} knives, {forks} forks",
                STOCK.0, STOCK.1
            );
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("kitchen-actor: {e}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("kitchen-actor: the service did not end within 60 s");
            ExitCode::FAILURE
        }
    }
}
// ANCHOR_END: service

/// The one optional argument: how many tables each waiter serves.
fn tables_per_waiter() -> Option<u32> {
    let mut args = std::env::args().skip(1);
    let tables = match args.next() {
        None => 1000,
        Some(arg) => arg.parse().ok().filter(|&n| n > 0)?,
    };
    args.next().is_none().then_some(tables)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kitchen's two rules, one request at a time: it lends only what it has, and a set
    /// whose waiter stopped waiting for the answer stays in the kitchen.
    #[tokio::test]
    async fn the_kitchen_refuses_a_shortage_and_keeps_an_unwanted_set() {
        let (kitchen, task) = Kitchen::open((PLACES, PLACES));
        // Every wait below is inside this one 5 s timeout.
        let service = async move {
            assert!(kitchen.take(PLACES, PLACES).await.unwrap());
            assert!(
                !kitchen.take(1, 0).await.unwrap(),
                "lent a knife it did not have"
            );
            kitchen.give_back(PLACES, PLACES).await.unwrap();

            let (granted, answer) = oneshot::channel();
            drop(answer); // this waiter has stopped waiting
            let unwanted = Request::Take {
                knives: PLACES,
                forks: PLACES,
                granted,
            };
            kitchen.requests.send(unwanted).await.unwrap();
            assert!(
                kitchen.take(PLACES, PLACES).await.unwrap(),
                "the set nobody waited for was not put back"
            );
            kitchen.give_back(PLACES, PLACES).await.unwrap();

            drop(kitchen);
            task.await.unwrap()
        };
        let counts = timeout(Duration::from_secs(5), service).await;
        assert_eq!(
            counts.expect("the kitchen did not answer, or did not stop, within 5 s"),
            (PLACES, PLACES)
        );
    }
}
