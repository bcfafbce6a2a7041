use std::sync::{Mutex, MutexGuard};
use std::thread;

// ANCHOR: main
static BALANCE: Mutex<i64> = Mutex::new(1000);

fn main() {
    let balance: MutexGuard<'static, i64> = BALANCE.lock().unwrap();
    let handle = thread::spawn(move || {
        let mut balance = balance;
        *balance -= 600;
    });
    handle.join().unwrap();
}
// ANCHOR_END: main
