//! The bank-race listing without its barrier: the check and the act of each withdrawal are
//! two separate lockings of the balance, as in the listing, and nothing holds either ATM back.

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

#[cfg(feature = "loom")]
use loom::{
    sync::{Arc, Mutex},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::{Arc, Mutex},
    thread,
};

pub const MODEL: Model = Model {
    name: "bank-race",
    what: "two ATMs withdraw $600 and $500 from a balance of $1000, each \
          checking the balance under one lock and taking the money under a \
          second, with no barrier; the outcome is the final balance",
    checker: "loom",
    sampler: "the same code on std threads, without the barrier: the natural \
             interleaving",
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs),
};

fn withdraw(balance: &Mutex<i64>, amount: i64) {
    let enough = *balance.lock().unwrap() >= amount;
    if enough {
        *balance.lock().unwrap() -= amount;
    }
}

/// One run: both withdrawals, then the final balance.
pub fn once() -> String {
    let balance = Arc::new(Mutex::new(1000));
    let atms: Vec<_> = [600, 500]
        .into_iter()
        .map(|amount| {
            let balance = Arc::clone(&balance);
            thread::spawn(move || withdraw(&balance, amount))
        })
        .collect();
    for atm in atms {
        atm.join().unwrap();
    }
    let last = *balance.lock().unwrap();
    last.to_string()
}
