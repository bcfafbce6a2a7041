use std::sync::{Arc, Mutex};
use std::thread;

// ANCHOR: main
fn main() {
    let packed_units = Arc::new(Mutex::new(0_u32));
    let orders = [vec![3, 5, 2], vec![7], vec![1, 1, 1, 1]];

    let mut handles = Vec::new();
    for quantities in orders {
        // Clone the Arc first, then move the clone: each thread owns one counted pointer.
        let packed_units = Arc::clone(&packed_units);
        handles.push(thread::spawn(move || {
            let units: u32 = quantities.iter().sum();
            *packed_units.lock().expect("a packing thread panicked") += units;
        }));
    }
    for handle in handles {
        handle.join().expect("a packing thread panicked");
    }

    let total = *packed_units.lock().expect("a packing thread panicked");
    println!("all orders: {total} units");
    println!(
        "owners of the counter now: {}",
        Arc::strong_count(&packed_units)
    );
}
// ANCHOR_END: main
