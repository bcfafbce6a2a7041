// ANCHOR: all
use std::panic;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering as StdOrdering;

// ANCHOR: model
// loom's versions of Arc, the atomics and thread: they record every access so that loom can
// replay the model under every order of events the memory model allows.
use loom::sync::Arc;
use loom::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use loom::thread;

/// A writer publishes a value and then raises a flag; a reader that sees the flag reads the
/// value. Every access is `Relaxed`.
pub fn publish() {
    EXECUTIONS.fetch_add(1, StdOrdering::Relaxed); // one more execution explored (see main)
    let data = Arc::new(AtomicU64::new(0));
    let ready = Arc::new(AtomicBool::new(false));
    let writer = {
        let (data, ready) = (Arc::clone(&data), Arc::clone(&ready));
        thread::spawn(move || {
            data.store(42, Relaxed);
            ready.store(true, Relaxed);
        })
    };
    if ready.load(Relaxed) {
        assert_eq!(
            data.load(Relaxed),
            42,
            "the reader saw the flag but not the data"
        );
    }
    writer.join().unwrap();
}
// ANCHOR_END: model

/// How many executions loom has run the model for (a std atomic: loom does not see it).
static EXECUTIONS: AtomicUsize = AtomicUsize::new(0);

// ANCHOR: main
fn main() {
    // Print a failing execution's panic as "panicked at <where>: <message>", and only that.
    panic::set_hook(Box::new(|info| eprintln!("{info}")));
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    let outcome = panic::catch_unwind(|| builder.check(publish));
    let executions = EXECUTIONS.load(StdOrdering::Relaxed);
    match outcome {
        Err(_) => {
            println!("loom: the model failed in execution {executions} (message above)")
        }
        Ok(()) => println!("loom: {executions} executions explored, no failure"),
    }
}
// ANCHOR_END: main
// ANCHOR_END: all
