//! Exercise 12-7: the kitchen actor of kitchen-actor.rs with a third request, `Report`, that the
//! kitchen answers through a `oneshot` channel with a snapshot of its inventory. A reporter task
//! asks for reports while the waiters work, and checks that every one balances; before them, a
//! stock check that comes out the same on every run tests the kitchen's refusal and its undo.
use std::fmt;
use std::process::ExitCode;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::timeout;

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
    Report {
        reply: oneshot::Sender<Report>,
    },
}

/// What the kitchen knows at one moment: its counts, and how many sets are out on tables.
#[derive(Debug, Clone, Copy)]
struct Report {
    knives: i64,
    forks: i64,
    sets_out: i64,
    refused: u64,
}

impl Report {
    /// Every knife and fork is either in the kitchen or on a table, and the kitchen has not
    /// lent what it did not have.
    fn balances(&self) -> bool {
        self.knives + self.sets_out * PLACES == STOCK.0
            && self.forks + self.sets_out * PLACES == STOCK.1
            && self.knives >= 0
            && self.forks >= 0
    }
}

/// The kitchen's task: it alone owns the counts, as plain numbers, and handles one request at
/// a time. It ends, returning the counts, once every handle has been dropped.
async fn kitchen(mut requests: mpsc::Receiver<Request>, stock: (i64, i64)) -> (i64, i64) {
    let (mut knives, mut forks) = stock;
    let (mut sets_out, mut refused) = (0, 0);
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
                    sets_out += 1;
                } else {
                    refused += 1;
                }
                if granted.send(enough) == Err(true) {
                    // The waiter stopped waiting for the answer: the set stays in the kitchen.
                    (knives, forks) = (knives + k, forks + f);
                    sets_out -= 1;
                }
            }
            Request::Return {
                knives: k,
                forks: f,
            } => {
                (knives, forks) = (knives + k, forks + f);
                sets_out -= 1;
            }
            Request::Report { reply } => {
                let report = Report {
                    knives,
                    forks,
                    sets_out,
                    refused,
                };
                let _ = reply.send(report); // nobody waiting: nothing to undo
            }
        }
    }
    (knives, forks)
}

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

    /// Asks for a snapshot of the inventory, taken between two requests.
    async fn report(&self) -> Result<Report, KitchenClosed> {
        let (reply, answer) = oneshot::channel();
        let request = Request::Report { reply };
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

/// Cutlery for five tables, and ten waiters: some of them have to wait for a set.
const STOCK: (i64, i64) = (20, 20);
const WAITERS: usize = 10;

/// How many reports the reporter asks for while the waiters work.
const REPORTS: usize = 100;

/// Asks for `REPORTS` reports, letting the other tasks run between two, and returns how many
/// of them did not balance.
async fn reporter(kitchen: Kitchen) -> Result<usize, KitchenClosed> {
    let mut unbalanced = 0;
    for _ in 0..REPORTS {
        if !kitchen.report().await?.balances() {
            unbalanced += 1;
        }
        tokio::task::yield_now().await;
    }
    Ok(unbalanced)
}

/// What the stock check found: how many sets the kitchen lent before it refused one (if it did),
/// and how many sets are out after a `Take` whose waiter had already stopped waiting.
struct StockCheck {
    lent: i64,
    refused: bool,
    out_after_abandoned_take: i64,
}

/// Before anyone else asks, takes sets one after another until the kitchen refuses one (or has
/// lent one more set than its stock holds), and gives them all back; then sends a `Take` whose
/// receiver is already dropped, so the kitchen's answer must fail. Only this task asks, so the
/// result is the same on every run: a kitchen that lends without checking its stock, or that
/// lends to a waiter who is gone, is caught every time.
async fn stock_check(kitchen: &Kitchen) -> Result<StockCheck, KitchenClosed> {
    let mut lent = 0;
    let mut refused = false;
    while lent <= STOCK.0 / PLACES {
        if !kitchen.take(PLACES, PLACES).await? {
            refused = true;
            break;
        }
        lent += 1;
    }
    for _ in 0..lent {
        kitchen.give_back(PLACES, PLACES).await?;
    }
    let (granted, answer) = oneshot::channel();
    drop(answer); // the waiter gives up before the kitchen has even seen the request
    let abandoned = Request::Take {
        knives: PLACES,
        forks: PLACES,
        granted,
    };
    kitchen
        .requests
        .send(abandoned)
        .await
        .map_err(|_| KitchenClosed)?;
    let out_after_abandoned_take = kitchen.report().await?.sets_out;
    Ok(StockCheck {
        lent,
        refused,
        out_after_abandoned_take,
    })
}

/// The service of kitchen-actor.rs, with a stock check first and a reporter beside the waiters;
/// returns what the stock check found, the number of unbalanced reports, and the last report,
/// taken once every waiter has finished.
async fn service(tables: u32) -> Result<(StockCheck, usize, Report), String> {
    let (kitchen, kitchen_task) = Kitchen::open(STOCK);
    let check = stock_check(&kitchen).await.map_err(|e| e.to_string())?;
    let reports = tokio::spawn(reporter(kitchen.clone()));
    let mut waiters = JoinSet::new();
    for _ in 0..WAITERS {
        waiters.spawn(waiter(kitchen.clone(), tables));
    }
    while let Some(finished) = waiters.join_next().await {
        finished
            .map_err(|e| format!("a waiter failed: {e}"))?
            .map_err(|e| e.to_string())?;
    }
    let unbalanced = reports
        .await
        .map_err(|e| format!("the reporter failed: {e}"))?
        .map_err(|e| e.to_string())?;
    let last = kitchen.report().await.map_err(|e| e.to_string())?;
    drop(kitchen); // the last handle: the kitchen's loop ends
    kitchen_task
        .await
        .map_err(|e| format!("the kitchen failed: {e}"))?;
    Ok((check, unbalanced, last))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() -> ExitCode {
    let Some(tables) = tables_per_waiter() else {
        eprintln!(
            "usage: solution-kitchen-report [TABLES] (a positive whole number; default 1000)"
        );
        return ExitCode::from(2);
    };
    match timeout(Duration::from_secs(60), service(tables)).await {
        Ok(Ok((check, unbalanced, last))) => {
            let then = if check.refused {
                "then a refusal"
            } else {
                "and no refusal"
            };
            println!("stock check: {} sets lent, {then}", check.lent);
            println!(
                "sets out after a Take nobody waits for: {}",
                check.out_after_abandoned_take
            );
            println!("{WAITERS} waiters, {tables} tables each");
            println!("reports during the service: {REPORTS}, unbalanced: {unbalanced}");
            println!(
                "last report: {} knives, {} forks, {} sets out, {} requests refused",
                last.knives, last.forks, last.sets_out, last.refused
            );
            ExitCode::SUCCESS
        }
        Ok(Err(e)) => {
            eprintln!("solution-kitchen-report: {e}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("solution-kitchen-report: the service did not end within 60 s");
            ExitCode::FAILURE
        }
    }
}

/// The one optional argument: how many tables each waiter serves.
fn tables_per_waiter() -> Option<u32> {
    let mut args = std::env::args().skip(1);
    let tables = match args.next() {
        None => 1000,
        Some(arg) => arg.parse().ok().filter(|&n| n > 0)?,
    };
    args.next().is_none().then_some(tables)
}
