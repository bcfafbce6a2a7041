//! The fix for "future cannot be sent between threads safely": the guard is gone before the
//! `.await`, so the future is `Send` and `tokio::spawn` accepts it.
use std::sync::{Arc, Mutex};

// ANCHOR: main
async fn take_cutlery(kitchen: Arc<Mutex<i64>>) {
    {
        let mut knives = kitchen.lock().unwrap();
        *knives -= 4;
    } // the guard drops here, before the task can be suspended
    tokio::task::yield_now().await;
    *kitchen.lock().unwrap() += 4;
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("cannot build a tokio runtime");
    let kitchen = Arc::new(Mutex::new(100));
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..1000 {
            tasks.spawn(take_cutlery(kitchen.clone()));
        }
        while let Some(done) = tasks.join_next().await {
            done.expect("a task panicked");
        }
    });
    println!(
        "1000 tasks on 2 worker threads; knives after: {}",
        kitchen.lock().unwrap()
    );
}
// ANCHOR_END: main
