//! The fix for "future cannot be sent between threads safely": the guard lives in a block that
//! ends before the `.await`, so the future is `Send` and `tokio::spawn` accepts it.
use std::sync::{Arc, Mutex};

// ANCHOR: main
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .expect("cannot build a tokio runtime");
    let kitchen = Arc::new(Mutex::new(100));
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..1000 {
            let kitchen = kitchen.clone();
            tasks.push(tokio::spawn(async move {
                {
                    let mut knives = kitchen.lock().unwrap();
                    *knives -= 4;
                } // the guard's scope ends here, before the task can be suspended
                tokio::task::yield_now().await;
                *kitchen.lock().unwrap() += 4;
            }));
        }
        for task in tasks {
            task.await.expect("a task panicked");
        }
    });
    println!(
        "1000 tasks on 2 worker threads; knives after: {}",
        kitchen.lock().unwrap()
    );
}
// ANCHOR_END: main
