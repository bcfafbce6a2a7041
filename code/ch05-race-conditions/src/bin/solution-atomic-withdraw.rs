use std::sync::Barrier;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering::SeqCst};
use std::thread;

// ANCHOR: main
/// Takes `amount` only if the balance covers it; check and update are one atomic step.
fn withdraw(balance: &AtomicI64, amount: i64) -> bool {
    balance
        .try_update(SeqCst, SeqCst, |now| {
            (now >= amount).then_some(now - amount)
        })
        .is_ok()
}

fn main() {
    let balance = AtomicI64::new(1000);
    let approved = AtomicU32::new(0);
    let start = Barrier::new(10);
    thread::scope(|s| {
        for _ in 0..10 {
            s.spawn(|| {
                start.wait(); // ten ATMs, one moment
                if withdraw(&balance, 300) {
                    approved.fetch_add(1, SeqCst);
                }
            });
        }
    });
    println!(
        "approved: {} of 10 withdrawals of $300",
        approved.load(SeqCst)
    );
    println!("final balance: {}", balance.load(SeqCst));
}
// ANCHOR_END: main
