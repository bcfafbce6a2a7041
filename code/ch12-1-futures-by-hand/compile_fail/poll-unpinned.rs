use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};

// ANCHOR: main
async fn first_of_three() -> u32 {
    let numbers = [1, 2, 3];
    let first = &numbers[0]; // points into this future's own state
    std::future::ready(()).await; // ... and is still needed after the .await
    *first
}

fn main() {
    let mut future = first_of_three();
    let mut cx = Context::from_waker(Waker::noop());
    let _ = Pin::new(&mut future).poll(&mut cx);
}
// ANCHOR_END: main
