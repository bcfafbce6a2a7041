use std::thread;

// ANCHOR: main
fn main() {
    let me = thread::current();
    // `if let ... && ...` is a let chain: it compiles only as edition 2024.
    if let Some(name) = me.name()
        && name == "main"
    {
        println!("this line runs on the thread named {name:?}");
    }
}
// ANCHOR_END: main
