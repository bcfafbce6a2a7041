use std::sync::{Arc, Mutex};

// ANCHOR: main
/// A stand-in with `tokio::spawn`'s signature and bounds (its body and `JoinHandle` left out):
/// a listing that must not compile is compiled by `rustc` alone, without the tokio crate.
mod tokio {
    pub fn spawn<F>(future: F)
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        drop(future);
    }
}

fn main() {
    let kitchen = Arc::new(Mutex::new(100));
    tokio::spawn(async move {
        let mut knives = kitchen.lock().unwrap();
        *knives -= 4;
        std::future::ready(()).await; // the guard is still alive here
        *knives += 4;
    });
}
// ANCHOR_END: main
