//! Exercise 2-3: `run` returns a value, so `start` returns a `JoinHandle<u32>`.
use std::thread::{self, JoinHandle};

struct OrderProcessing {
    order_id: u32,
    quantities: Vec<u32>,
}

impl OrderProcessing {
    fn run(self) -> u32 {
        self.quantities.iter().sum()
    }

    fn start(self) -> JoinHandle<u32> {
        thread::spawn(move || self.run())
    }
}

fn main() {
    let orders = [
        OrderProcessing {
            order_id: 10,
            quantities: vec![3, 5, 2],
        },
        OrderProcessing {
            order_id: 20,
            quantities: vec![7],
        },
    ];
    // Read the id before `start` moves the struct onto its thread.
    let handles: Vec<(u32, JoinHandle<u32>)> = orders
        .into_iter()
        .map(|order| (order.order_id, order.start()))
        .collect();

    let mut total = 0;
    for (order_id, handle) in handles {
        let units = handle.join().expect("an order thread panicked");
        println!("order {order_id}: {units} units");
        total += units;
    }
    println!("all orders: {total} units");
}
