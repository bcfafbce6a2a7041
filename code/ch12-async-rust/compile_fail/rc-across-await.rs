use std::cell::Cell;
use std::rc::Rc;

/// The same stand-in for `tokio::spawn` as in `guard-across-await.rs`.
mod tokio {
    pub fn spawn<F>(future: F)
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        drop(future);
    }
}

// ANCHOR: main
fn main() {
    let knives = Rc::new(Cell::new(100));
    tokio::spawn(async move {
        knives.set(knives.get() - 4);
        std::future::ready(()).await;
        knives.set(knives.get() + 4);
    });
}
// ANCHOR_END: main
