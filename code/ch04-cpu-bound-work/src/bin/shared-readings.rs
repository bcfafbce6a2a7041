use rayon::prelude::*;

// ANCHOR: main
fn main() {
    let readings: Vec<u32> = (0..1_000_000).map(reading).collect();

    // One thread walks the whole vector.
    let total: u64 = readings.iter().map(|&r| u64::from(r)).sum();
    let hottest = readings.iter().copied().max().unwrap_or(0);
    let above = readings.iter().filter(|&&r| r > 9_900).count();

    // The pool's threads walk disjoint parts of the same vector, through shared references.
    let par_total: u64 = readings.par_iter().map(|&r| u64::from(r)).sum();
    let par_hottest = readings.par_iter().copied().max().unwrap_or(0);
    let par_above = readings.par_iter().filter(|&&r| r > 9_900).count();

    println!(
        "{} readings, {} bytes, never copied",
        readings.len(),
        size_of_val(&readings[..])
    );
    println!("{:<22} {:>12} {:>12}", "", "iter()", "par_iter()");
    println!("{:<22} {total:>12} {par_total:>12}", "sum");
    println!("{:<22} {hottest:>12} {par_hottest:>12}", "highest");
    println!("{:<22} {above:>12} {par_above:>12}", "readings above 9900");
    let same = (total, hottest, above) == (par_total, par_hottest, par_above);
    println!("parallel results equal sequential ones: {same}");
}
// ANCHOR_END: main

/// A made-up sensor reading between 0 and 9999, the same on every run.
fn reading(i: u32) -> u32 {
    (i.wrapping_mul(2_654_435_761) >> 8) % 10_000
}
