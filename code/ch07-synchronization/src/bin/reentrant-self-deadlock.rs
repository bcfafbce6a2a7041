use std::sync::{Mutex, MutexGuard, TryLockError};

// ANCHOR: main
struct Account {
    balance: Mutex<i64>,
}

impl Account {
    /// Takes the lock the way a blocking `lock()` would, except that it gives up at once
    /// instead of waiting forever: this lets the listing show the deadlock and still end.
    fn lock_or_report(&self, who: &str) -> Option<MutexGuard<'_, i64>> {
        match self.balance.try_lock() {
            Ok(guard) => Some(guard),
            Err(TryLockError::WouldBlock) => {
                println!("{who}: the lock is already held (WouldBlock)");
                None
            }
            Err(TryLockError::Poisoned(e)) => Some(e.into_inner()),
        }
    }

    fn withdraw(&self, amount: i64) -> bool {
        let Some(mut balance) = self.lock_or_report("withdraw") else {
            return false;
        };
        *balance -= amount;
        true
    }

    fn deposit(&self, amount: i64) {
        if let Some(mut balance) = self.lock_or_report("deposit") {
            *balance += amount;
        }
    }

    /// Python's version holds the account lock across both steps. With a plain `Mutex`
    /// the inner `withdraw` asks for a lock that this very thread already holds.
    fn transfer(&self, amount: i64, to: &Account) {
        let _whole_transfer = self.balance.lock().unwrap();
        if self.withdraw(amount) {
            to.deposit(amount);
        } else {
            println!(
                "transfer: with a blocking lock(), this thread would wait for itself forever"
            );
        }
    }
}

fn main() {
    let alice = Account {
        balance: Mutex::new(100),
    };
    let bob = Account {
        balance: Mutex::new(0),
    };
    alice.transfer(30, &bob);
    println!(
        "alice = {}, bob = {}: nothing moved",
        alice.balance.lock().unwrap(),
        bob.balance.lock().unwrap()
    );
}
// ANCHOR_END: main
