use std::thread;

// ANCHOR: main
fn main() {
    let mut counter = 0;
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..100_000 {
                counter += 1;
            }
        });
        s.spawn(|| {
            for _ in 0..100_000 {
                counter += 1;
            }
        });
    });
    println!("counter: {counter}");
}
// ANCHOR_END: main
