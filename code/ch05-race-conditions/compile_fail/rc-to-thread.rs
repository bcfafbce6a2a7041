use std::rc::Rc;
use std::thread;

// ANCHOR: main
fn main() {
    let prices = Rc::new(vec![600, 500]);
    let for_worker = Rc::clone(&prices);
    let handle = thread::spawn(move || {
        println!("worker sees {} prices", for_worker.len());
    });
    handle.join().unwrap();
}
// ANCHOR_END: main
