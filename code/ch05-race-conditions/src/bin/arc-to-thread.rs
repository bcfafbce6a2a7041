use std::sync::Arc;
use std::thread;

// ANCHOR: main
fn main() {
    let prices = Arc::new(vec![600, 500]);
    let for_worker = Arc::clone(&prices);
    let handle = thread::spawn(move || {
        println!("worker sees {} prices", for_worker.len());
    });
    handle.join().unwrap();
    println!("main still has {:?}", prices);
}
// ANCHOR_END: main
