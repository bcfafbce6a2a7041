use std::sync::{Arc, Barrier, RwLock, TryLockError};
use std::thread;

// ANCHOR: main
fn main() {
    let config = Arc::new(RwLock::new(String::from("threads = 4")));
    let readers = 3;
    // The readers and `main` meet here twice: once when every reader holds its read
    // guard, once when `main` has looked and lets them go.
    let all_reading = Arc::new(Barrier::new(readers + 1));
    let done_looking = Arc::new(Barrier::new(readers + 1));

    let mut handles = Vec::new();
    for id in 1..=readers {
        let config = Arc::clone(&config);
        let all_reading = Arc::clone(&all_reading);
        let done_looking = Arc::clone(&done_looking);
        handles.push(thread::spawn(move || {
            let text = config.read().unwrap();
            all_reading.wait(); // we hold a read guard while the others hold theirs
            done_looking.wait();
            format!("reader {id} saw {text:?}")
        }));
    }

    all_reading.wait();
    println!("{readers} readers hold the lock at the same time");
    match config.try_write() {
        Err(TryLockError::WouldBlock) => println!("a writer must wait: WouldBlock"),
        _ => println!("a writer got in while readers held the lock"),
    }
    done_looking.wait();

    for handle in handles {
        println!("{}", handle.join().unwrap());
    }
    *config.write().unwrap() = String::from("threads = 8");
    println!(
        "after the readers left, the writer set {:?}",
        config.read().unwrap()
    );
}
// ANCHOR_END: main
