//! Exercise 2-2: the largest price, found by two scoped threads that each scan half a slice.
use std::thread;

fn main() {
    let prices: Vec<u32> = vec![120, 80, 45, 300, 15, 60, 220, 90, 35];
    let (left, right) = prices.split_at(prices.len() / 2);

    let (left_max, right_max) = thread::scope(|scope| {
        let first = scope.spawn(|| left.iter().copied().max());
        let second = scope.spawn(|| right.iter().copied().max());
        (
            first.join().expect("the left thread panicked"),
            second.join().expect("the right thread panicked"),
        )
    });

    println!("left half {left:?}: max {left_max:?}");
    println!("right half {right:?}: max {right_max:?}");
    println!("largest price: {:?}", left_max.max(right_max));
}
