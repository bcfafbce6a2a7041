use std::panic;
use std::thread;

// ANCHOR: main
fn main() {
    // One line per panic, without the OS thread id the default hook prints.
    panic::set_hook(Box::new(|info| {
        let me = thread::current();
        let name = me.name().unwrap_or("<unnamed>");
        let message = info.payload_as_str().unwrap_or("<not text>");
        println!("panic hook: thread '{name}' panicked: {message}");
    }));

    let quantities = [3, 0, 2];
    let outcome = panic::catch_unwind(|| {
        thread::scope(|scope| {
            for (index, &quantity) in quantities.iter().enumerate() {
                thread::Builder::new()
                    .name(format!("line-{}", index + 1))
                    .spawn_scoped(scope, move || {
                        assert!(quantity > 0, "line {}: quantity is zero", index + 1);
                    })
                    .expect("the OS refused to start a thread");
                // The handle is dropped here: the scope joins this thread at its end.
            }
        });
        println!("main: after the scope");
    });

    match outcome {
        Ok(()) => println!("main: the scope returned normally"),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .unwrap_or("<not text>");
            println!("main: catch_unwind caught the scope's panic: {message:?}");
        }
    }
    println!("main: still running");
}
// ANCHOR_END: main
