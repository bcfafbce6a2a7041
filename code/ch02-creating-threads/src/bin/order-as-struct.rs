use std::thread::{self, JoinHandle};

// ANCHOR: main
struct OrderProcessing {
    order_id: u32,
}

impl OrderProcessing {
    /// The work itself: what the seed puts in its `run` override.
    fn run(self) {
        println!("processing order {}", self.order_id);
    }

    /// Moves the whole struct onto a new thread and calls `run` there.
    fn start(self) -> JoinHandle<()> {
        thread::spawn(move || self.run())
    }
}

fn main() {
    let handle = OrderProcessing { order_id: 10 }.start();
    handle.join().expect("the order thread panicked");
}
// ANCHOR_END: main
