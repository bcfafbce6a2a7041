use std::thread;

// ANCHOR: main
fn main() {
    let mut log = Vec::new();
    thread::scope(|s| {
        s.spawn(|| log.push("from the first thread"));
        s.spawn(|| log.push("from the second thread"));
    });
    println!("{log:?}");
}
// ANCHOR_END: main
