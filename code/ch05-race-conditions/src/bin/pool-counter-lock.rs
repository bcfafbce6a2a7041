use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

// ANCHOR: main
fn main() {
    let counts = Mutex::new(HashMap::from([("key", 0)]));
    // 100 small tasks, run by rayon's pool of worker threads.
    (0..100).into_par_iter().for_each(|_| {
        let mut map = counts.lock().unwrap();
        *map.get_mut("key").unwrap() += 1;
    });
    println!("final counter: {}", counts.lock().unwrap()["key"]);
}
// ANCHOR_END: main
