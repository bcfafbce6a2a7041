use std::any::Any;
use std::thread;

// ANCHOR: main
fn ship(order_id: u32, in_stock: u32) -> u32 {
    if in_stock == 0 {
        panic!("order {order_id}: nothing in stock");
    }
    in_stock
}

/// The text of a panic, if the payload is one of the two types `panic!` produces.
fn panic_message(payload: &(dyn Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "<a payload that is not text>"
    }
}

fn main() {
    let handle = thread::Builder::new()
        .name("order-20".to_string())
        .spawn(|| ship(20, 0))
        .expect("the OS refused to start a thread");

    match handle.join() {
        Ok(units) => println!("main: order 20 shipped {units} units"),
        Err(payload) => println!("main: join gave Err: {:?}", panic_message(&*payload)),
    }
    println!("main: still running, on to the next order");
}
// ANCHOR_END: main
