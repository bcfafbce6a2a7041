use std::sync::{Arc, Mutex};

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
    let kitchen = Arc::new(Mutex::new(100));
    tokio::spawn(async move {
        let mut knives = kitchen.lock().unwrap();
        *knives -= 4;
        drop(knives); // unlocked here, yet the future still counts the guard in
        std::future::ready(()).await;
        *kitchen.lock().unwrap() += 4;
    });
}
// ANCHOR_END: main
