use std::thread;

fn worker(name: &str) {
    println!("{name}: on the job");
}

// ANCHOR: main
fn main() {
    let first = thread::spawn(|| worker("worker-1", "worker-2"));
    first.join().unwrap();
}
// ANCHOR_END: main
