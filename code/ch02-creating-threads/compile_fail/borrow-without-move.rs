use std::thread;

// ANCHOR: main
fn main() {
    let name = String::from("order-10");
    let handle = thread::spawn(|| {
        println!("processing {name}");
    });
    handle.join().unwrap();
}
// ANCHOR_END: main
