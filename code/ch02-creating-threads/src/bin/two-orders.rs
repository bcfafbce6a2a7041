use std::thread;
use std::time::Duration;

// ANCHOR: main
fn process_order(order_id: u32) {
    let me = thread::current();
    let name = me.name().unwrap_or("<unnamed>");
    println!("[{name}] started order {order_id}");
    thread::sleep(Duration::from_millis(200));
    println!("[{name}] finished order {order_id}");
}

fn main() {
    let mut handles = Vec::new();
    for order_id in [10, 20] {
        let handle = thread::Builder::new()
            .name(format!("order-{order_id}"))
            .spawn(move || process_order(order_id))
            .expect("the OS refused to start a thread");
        handles.push(handle);
    }
    for handle in handles {
        handle.join().expect("an order thread panicked");
    }
    println!("[main] both orders processed");
}
// ANCHOR_END: main
