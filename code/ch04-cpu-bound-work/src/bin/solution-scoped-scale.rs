use std::thread;

// ANCHOR: main
fn main() {
    // Readings in tenths of a degree Celsius, converted in place to tenths of a degree Fahrenheit.
    let mut readings: Vec<i64> = (0..1_000_000).map(reading).collect();
    let expected: Vec<i64> = readings.iter().map(|&r| to_fahrenheit(r)).collect();

    let threads = 4;
    let chunk_len = readings.len().div_ceil(threads);
    thread::scope(|s| {
        for chunk in readings.chunks_mut(chunk_len) {
            s.spawn(move || {
                for r in chunk {
                    *r = to_fahrenheit(*r);
                }
            });
        }
    });

    println!("first readings after: {:?}", &readings[..4]);
    println!(
        "converted in place by {threads} threads, equal to one thread's result: {}",
        readings == expected
    );
}

fn to_fahrenheit(tenths_celsius: i64) -> i64 {
    tenths_celsius * 9 / 5 + 320
}
// ANCHOR_END: main

/// A made-up reading in tenths of a degree, from -200 to 399, the same on every run.
fn reading(i: u32) -> i64 {
    i64::from((i.wrapping_mul(2_654_435_761) >> 8) % 600) - 200
}
