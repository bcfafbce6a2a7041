use std::thread;

// ANCHOR: main
fn main() {
    let readings: Vec<u32> = (0..1_000_000).map(reading).collect();
    let threads = 4;
    let chunk_len = readings.len().div_ceil(threads);

    let partial_sums: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = readings
            .chunks(chunk_len)
            .map(|chunk| {
                s.spawn(move || chunk.iter().map(|&r| u64::from(r)).sum::<u64>())
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    for (i, sum) in partial_sums.iter().enumerate() {
        let start = i * chunk_len;
        let end = (start + chunk_len).min(readings.len());
        println!("thread {i}: readings[{start}..{end}] sum to {sum}");
    }
    let total: u64 = partial_sums.iter().sum();
    let sequential: u64 = readings.iter().map(|&r| u64::from(r)).sum();
    println!("total of the parts: {total}");
    println!("one thread, whole vector: {sequential}");
    println!("equal: {}", total == sequential);
}
// ANCHOR_END: main

/// A made-up sensor reading between 0 and 9999, the same on every run.
fn reading(i: u32) -> u32 {
    (i.wrapping_mul(2_654_435_761) >> 8) % 10_000
}
