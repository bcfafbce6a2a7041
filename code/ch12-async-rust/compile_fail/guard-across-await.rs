use std::sync::Mutex;

// ANCHOR: main
/// Stands in for `tokio::spawn`, which has the same bound: the future must be `Send`.
fn require_send<F: Future + Send>(future: F) -> F {
    future
}

async fn take_cutlery(kitchen: &Mutex<i64>) {
    let mut knives = kitchen.lock().unwrap();
    *knives -= 4;
    std::future::ready(()).await; // the guard is still alive here
    *knives += 4;
}

fn main() {
    static KITCHEN: Mutex<i64> = Mutex::new(100);
    let _task = require_send(take_cutlery(&KITCHEN));
}
// ANCHOR_END: main
