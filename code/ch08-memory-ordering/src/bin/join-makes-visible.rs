use std::thread;

// ANCHOR: main
fn main() {
    let mut results = vec![0u64; 4];
    thread::scope(|s| {
        for (i, slot) in results.iter_mut().enumerate() {
            s.spawn(move || *slot = (i as u64 + 1) * 100);
        }
    }); // every spawned thread is joined here
    println!("after the scope: {results:?}");
}
// ANCHOR_END: main
