use std::collections::HashMap;
use std::sync::Mutex;

use rayon::ThreadPoolBuilder;

// ANCHOR: main
fn main() {
    let pool = match ThreadPoolBuilder::new().num_threads(8).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not build the pool: {e}");
            std::process::exit(1);
        }
    };
    let counters = Mutex::new(HashMap::from([("key", 0u32)]));
    pool.scope(|s| {
        for _ in 0..100 {
            s.spawn(|_| {
                let mut map = counters.lock().unwrap();
                *map.entry("key").or_insert(0) += 1;
            });
        }
    });
    let counters = counters.into_inner().unwrap();
    println!("final counter: {}", counters["key"]);
}
// ANCHOR_END: main
