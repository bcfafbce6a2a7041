//! Exercise 0-2: Listing 0-1 with one word changed, so that its output no longer matches
//! the output file the book shows.
use std::thread;

fn main() {
    let me = thread::current();
    if let Some(name) = me.name()
        && name == "main"
    {
        println!("this line ran on the thread named {name:?}");
    }
}
