use std::thread;
use std::time::Duration;

// ANCHOR: main
fn worker(name: &str) {
    println!("{name}: on the job");
    thread::sleep(Duration::from_millis(200));
    println!("{name}: job finished");
}

fn main() {
    let first = thread::spawn(|| worker("worker-1"));
    let second = thread::spawn(|| worker("worker-2"));

    first.join().expect("worker-1 panicked");
    second.join().expect("worker-2 panicked");
    println!("both workers finished");
}
// ANCHOR_END: main
