//! Exercise 3 of the appendix "How this book tests itself": a let chain with two `let`s
//! and a plain condition.
use std::thread;

fn main() {
    let me = thread::current();
    if let Some(name) = me.name()
        && let Ok(cores) = thread::available_parallelism()
        && cores.get() > 1
    {
        println!(
            "thread {name:?} runs on a machine that can run {cores} threads at once"
        );
    } else {
        println!("this thread has no name, or the machine runs one thread at a time");
    }
}
