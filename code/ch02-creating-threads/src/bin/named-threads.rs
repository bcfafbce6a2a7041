use std::thread;

// ANCHOR: main
fn main() {
    let handle = thread::Builder::new()
        .name("worker-1".to_string())
        .spawn(|| {
            let me = thread::current();
            println!("hello from {}", me.name().unwrap());
            6 * 7
        })
        .expect("the OS refused to start a thread");
    let answer = handle.join().unwrap();
    println!("worker-1 returned {answer}");
}
// ANCHOR_END: main
