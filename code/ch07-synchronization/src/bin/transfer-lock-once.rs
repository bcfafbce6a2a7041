use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

// ANCHOR: helpers
struct Account {
    id: u32,
    balance: Mutex<i64>,
}

/// The helpers take the data the lock protects, not the lock: the caller has locked already.
fn withdraw(balance: &mut i64, amount: i64) -> Result<(), String> {
    if *balance < amount {
        return Err(format!("insufficient funds: {balance} < {amount}"));
    }
    *balance -= amount;
    Ok(())
}

fn deposit(balance: &mut i64, amount: i64) {
    *balance += amount;
}

/// Locks two accounts in one global order, by id, whatever the direction of the transfer.
fn lock_both<'a>(
    a: &'a Account,
    b: &'a Account,
) -> (MutexGuard<'a, i64>, MutexGuard<'a, i64>) {
    assert_ne!(a.id, b.id, "a transfer needs two different accounts");
    if a.id < b.id {
        let first = a.balance.lock().unwrap();
        let second = b.balance.lock().unwrap();
        (first, second)
    } else {
        let first = b.balance.lock().unwrap();
        let second = a.balance.lock().unwrap();
        (second, first)
    }
}

fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), String> {
    let (mut from_balance, mut to_balance) = lock_both(from, to);
    withdraw(&mut from_balance, amount)?;
    deposit(&mut to_balance, amount);
    Ok(())
} // both guards drop here: nobody ever saw the money in neither account, or in both
// ANCHOR_END: helpers

// ANCHOR: main
fn main() {
    let rounds = 1_000; // never more than the starting balance: no transfer can fail
    let a = Arc::new(Account {
        id: 1,
        balance: Mutex::new(1_000),
    });
    let b = Arc::new(Account {
        id: 2,
        balance: Mutex::new(1_000),
    });

    let mut handles = Vec::new();
    for (from, to) in [(&a, &b), (&b, &a)] {
        let (from, to) = (Arc::clone(from), Arc::clone(to));
        handles.push(thread::spawn(move || {
            for _ in 0..rounds {
                transfer(&from, &to, 1).unwrap();
            }
        }));
    }
    // An auditor locks both accounts, in the same order, and checks the total.
    let (x, y) = (Arc::clone(&a), Arc::clone(&b));
    let auditor = thread::spawn(move || {
        let mut wrong = 0;
        for _ in 0..rounds {
            let (bx, by) = lock_both(&x, &y);
            if *bx + *by != 2_000 {
                wrong += 1;
            }
        }
        wrong
    });

    for handle in handles {
        handle.join().unwrap();
    }
    let wrong = auditor.join().unwrap();
    println!("{rounds} transfers each way, in opposite directions, at the same time");
    println!("the auditor saw a total other than 2000 {wrong} times");
    println!(
        "a = {}, b = {}",
        a.balance.lock().unwrap(),
        b.balance.lock().unwrap()
    );
    println!("overdraft attempt: {:?}", transfer(&a, &b, 5_000));
}
// ANCHOR_END: main
