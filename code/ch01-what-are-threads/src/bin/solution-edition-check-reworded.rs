//! Exercise 2 of the appendix "How this book tests itself": the edition check with one
//! word changed, so that its output no longer matches
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
