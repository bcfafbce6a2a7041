use std::thread;

// ANCHOR: main
static mut COUNTER: u64 = 0;

fn main() {
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..100_000 {
                    COUNTER += 1;
                }
            });
        }
    });
}
// ANCHOR_END: main
