use std::cell::RefCell;
use std::thread;

// ANCHOR: main
thread_local! {
    /// Each thread's own buffer: no lock, because no other thread can reach it.
    static SCRATCH: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

/// Appends `value` to this thread's buffer and returns the buffer's length.
fn note(value: u32) -> usize {
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.push(value);
        scratch.len()
    })
}

fn main() {
    note(0);
    let lengths: Vec<usize> = thread::scope(|s| {
        let handles: Vec<_> = (1..=3)
            .map(|t| s.spawn(move || (0..t * 10).fold(0, |_, value| note(value))))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    println!("threads 1, 2, 3 noted 10, 20, 30 values: their buffers hold {lengths:?}");
    let mine = SCRATCH.with_borrow(|scratch| scratch.len());
    println!("main's buffer still holds {mine}");
}
// ANCHOR_END: main
