use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: main
fn main() {
    let stock = Arc::new(Mutex::new(vec![10, 20, 30]));

    let worker_stock = Arc::clone(&stock);
    let result = thread::Builder::new()
        .name("restocker".to_string())
        .spawn(move || {
            let mut items = worker_stock.lock().unwrap();
            items.push(40);
            // A bug: the thread panics while it holds the guard.
            let missing = items.iter().position(|&n| n == 99).unwrap();
            items.remove(missing);
        })
        .unwrap()
        .join();
    println!("restocker finished with a panic: {}", result.is_err());

    println!("is the mutex poisoned? {}", stock.is_poisoned());
    match stock.lock() {
        Ok(items) => println!("lock ok: {items:?}"),
        Err(poisoned) => {
            // The data is still there; we decide whether it is usable.
            let items = poisoned.into_inner();
            println!("lock returned PoisonError; the data inside: {:?}", *items);
        }
    }

    stock.clear_poison();
    println!("after clear_poison: {:?}", stock.lock().unwrap());
}
// ANCHOR_END: main
