use std::sync::{Mutex, mpsc};
use std::thread;
use std::time::Duration;

// ANCHOR: main
/// Check and update in one critical section: `balance` can only come from a held guard.
fn withdraw(balance: &mut i64, amount: i64) {
    println!("${amount}: sees balance {balance}");
    if *balance >= amount {
        thread::sleep(Duration::from_millis(100)); // the bank's processing time
        *balance -= amount;
        println!("${amount}: approved, balance now {balance}");
    } else {
        println!("${amount}: declined, balance stays {balance}");
    }
}

fn main() {
    let account = Mutex::new(1000_i64);
    let (locked, first_has_lock) = mpsc::channel();
    thread::scope(|s| {
        s.spawn(|| {
            let mut balance = account.lock().unwrap();
            locked.send(()).unwrap();
            withdraw(&mut balance, 600);
        }); // <- the guard `balance` is dropped here, releasing the lock
        // For a repeatable output, the $500 customer arrives while $600 holds the lock.
        first_has_lock.recv().unwrap();
        s.spawn(|| {
            let mut balance = account.lock().unwrap(); // waits for the $600 guard
            withdraw(&mut balance, 500);
        });
    });
    println!("final balance: {}", account.lock().unwrap());
}
// ANCHOR_END: main
