//! Exercise 2-1: five order threads, one of which panics; main reports every outcome.
use std::any::Any;
use std::panic;
use std::thread;

fn ship(order_id: u32) -> u32 {
    if order_id == 3 {
        panic!("order {order_id}: nothing in stock");
    }
    order_id * 10
}

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
    // Replace the default hook, which would print each panic to stderr as it happens;
    // main reports the panic itself once it has joined the thread.
    panic::set_hook(Box::new(|_| {}));

    let handles: Vec<_> = (1..=5)
        .map(|order_id| (order_id, thread::spawn(move || ship(order_id))))
        .collect();

    let mut shipped = 0;
    for (order_id, handle) in handles {
        match handle.join() {
            Ok(units) => {
                shipped += 1;
                println!("order {order_id}: shipped {units} units");
            }
            Err(payload) => {
                println!("order {order_id}: failed, {:?}", panic_message(&*payload))
            }
        }
    }
    println!("{shipped} of 5 orders shipped");
}
