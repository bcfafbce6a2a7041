use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

// ANCHOR: main
struct Queue {
    state: Mutex<State>,
    changed: Condvar,
}

struct State {
    items: VecDeque<u32>,
    closed: bool,
}

fn main() {
    let queue = Queue {
        state: Mutex::new(State {
            items: VecDeque::new(),
            closed: false,
        }),
        changed: Condvar::new(),
    };

    thread::scope(|s| {
        let consumer = s.spawn(|| {
            let mut taken = Vec::new();
            loop {
                let state = queue.state.lock().unwrap();
                // Sleep until there is an item or the queue is closed. The closure is the
                // predicate: a wake-up with nothing to do (spurious or not) waits again.
                // The timeout bounds the wait in case the producer never signals.
                let (mut state, timeout) = queue
                    .changed
                    .wait_timeout_while(state, Duration::from_secs(2), |st| {
                        st.items.is_empty() && !st.closed
                    })
                    .unwrap();
                if timeout.timed_out() {
                    println!("consumer: nothing for 2 s, giving up");
                    break;
                }
                match state.items.pop_front() {
                    Some(item) => {
                        drop(state); // do the work without holding the lock
                        println!("consumer: got {item}");
                        taken.push(item);
                    }
                    None => {
                        println!("consumer: queue closed and empty, stopping");
                        break;
                    }
                }
            }
            taken
        });

        for item in 1..=5 {
            queue.state.lock().unwrap().items.push_back(item * 10);
            queue.changed.notify_one();
            thread::sleep(Duration::from_millis(5));
        }
        queue.state.lock().unwrap().closed = true;
        queue.changed.notify_all();

        let taken = consumer.join().unwrap();
        println!("consumed {} items in order: {taken:?}", taken.len());
    });
}
// ANCHOR_END: main
