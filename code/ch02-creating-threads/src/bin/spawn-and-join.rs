use std::thread;

// ANCHOR: main
fn main() {
    let order_id = 10;
    let quantities = Vec::from([3, 5, 2]);

    let handle = thread::spawn(move || {
        println!(
            "thread: packing order {order_id}, {} lines",
            quantities.len()
        );
        quantities.iter().sum::<u32>()
    });

    let units = handle.join().expect("the packing thread panicked");
    println!("main: order {order_id} is packed, {units} units");
}
// ANCHOR_END: main
