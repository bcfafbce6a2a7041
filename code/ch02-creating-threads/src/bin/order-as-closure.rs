use std::thread;

// ANCHOR: main
fn main() {
    let order_id = 10;
    let handle = thread::spawn(move || {
        println!("processing order {order_id}");
    });
    handle.join().expect("the order thread panicked");
}
// ANCHOR_END: main
