use std::thread;

// ANCHOR: main
fn main() {
    let prices: Vec<u32> = vec![120, 80, 45, 300, 15, 60, 220, 90, 35];

    let subtotals: Vec<u32> = thread::scope(|scope| {
        let handles: Vec<_> = prices
            .chunks(3)
            .map(|chunk| scope.spawn(move || chunk.iter().sum::<u32>()))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a summing thread panicked"))
            .collect()
    });

    let total: u32 = subtotals.iter().sum();
    println!("subtotals {subtotals:?}, total {total}");
    println!("main still owns all {} prices", prices.len());
}
// ANCHOR_END: main
