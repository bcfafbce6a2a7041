use std::process;
use std::thread;

// ANCHOR: main
fn main() {
    let main_thread = thread::current();
    println!(
        "process {} | {:?} {:?}",
        process::id(),
        main_thread.id(),
        main_thread.name().unwrap_or("<unnamed>")
    );

    // Three empty slots in main's memory; each worker fills one of them.
    let mut slots = vec![String::new(); 3];
    thread::scope(|scope| {
        for (number, slot) in slots.iter_mut().enumerate() {
            thread::Builder::new()
                .name(format!("worker-{}", number + 1))
                .spawn_scoped(scope, move || {
                    let me = thread::current();
                    let name = me.name().unwrap_or("<unnamed>");
                    println!("process {} | {:?} {:?}", process::id(), me.id(), name);
                    *slot = format!("{name} was here");
                })
                .expect("the OS refused to start a thread");
        }
    });
    println!("main reads its slots: {slots:?}");

    match thread::available_parallelism() {
        Ok(n) => println!("available parallelism: {n}"),
        Err(e) => println!("available parallelism: unknown ({e})"),
    }
}
// ANCHOR_END: main
