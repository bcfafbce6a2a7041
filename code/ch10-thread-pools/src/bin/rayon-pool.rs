use rayon::ThreadPoolBuilder;
use rayon::prelude::*;

// ANCHOR: main
fn count_words(line: &str) -> usize {
    line.split_whitespace().count()
}

fn main() {
    let pool = match ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|i| format!("rayon-{i}"))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("could not build the pool: {e}");
            std::process::exit(1);
        }
    };
    println!("pool of {} threads", pool.current_num_threads());

    let lines = [
        "a pool keeps its threads",
        "between jobs",
        "so each job costs a message",
        "not a thread",
    ];

    // 1. A parallel iterator run inside this pool: results come back in input order.
    let counts: Vec<usize> =
        pool.install(|| lines.par_iter().map(|l| count_words(l)).collect());
    println!("install + par_iter: {counts:?}");

    // 2. One job per item in a scope: jobs may borrow `lines` and write their own slot.
    let mut slots = vec![0; lines.len()];
    pool.scope(|s| {
        for (line, slot) in lines.iter().zip(slots.iter_mut()) {
            s.spawn(move |_| *slot = count_words(line));
        }
    });
    println!("scope + spawn:      {slots:?}");
}
// ANCHOR_END: main
