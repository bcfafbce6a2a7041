use std::sync::{Barrier, Mutex};
use std::thread;

// ANCHOR: main
struct Account {
    balance: Mutex<i64>,
}

impl Account {
    fn withdraw(&self, amount: i64, processing: &Barrier) {
        // Step 1: check. The guard is a temporary: the lock is released at the `;`.
        let enough = *self.balance.lock().unwrap() >= amount;
        if !enough {
            println!("${amount}: declined");
            return;
        }
        // The bank takes a moment to approve. Here the moment lasts until the
        // other ATM has made its own check too.
        processing.wait();
        // Step 2: act, under a second, separate lock.
        let mut balance = self.balance.lock().unwrap();
        *balance -= amount;
        println!("${amount}: approved, balance now {}", *balance);
    }
}

fn main() {
    let account = Account {
        balance: Mutex::new(1000),
    };
    let processing = Barrier::new(2);
    thread::scope(|s| {
        s.spawn(|| account.withdraw(600, &processing));
        s.spawn(|| account.withdraw(500, &processing));
    });
    println!("final balance: {}", *account.balance.lock().unwrap());
}
// ANCHOR_END: main
