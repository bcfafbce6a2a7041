use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    let orders = vec![(10, vec![3, 5, 2]), (20, vec![7]), (30, vec![1, 1, 1, 1])];

    let mut handles = Vec::new();
    for (order_id, quantities) in orders {
        handles.push(thread::spawn(move || {
            // Order 10 is the slowest on purpose: it finishes last.
            if order_id == 10 {
                thread::sleep(Duration::from_millis(100));
            }
            let units: u32 = quantities.iter().sum();
            (order_id, units)
        }));
    }

    let results: Vec<(u32, u32)> = handles
        .into_iter()
        .map(|handle| handle.join().expect("an order thread panicked"))
        .collect();
    println!("{results:?}");
}
// ANCHOR_END: main
