use std::thread;
use std::time::Duration;

// ANCHOR: main
fn main() {
    let mut handles = Vec::new();
    for (name, orders) in [("orders-eu", vec![3, 1, 4]), ("orders-us", vec![1, 0, 5])] {
        let worker = thread::Builder::new()
            .name(name.to_string()) // shown in panic messages, debuggers, `top -H`, `ps -L`
            .spawn(move || {
                let total: u32 = orders.iter().map(|&n| 60 / n).sum(); // a division by zero hides here
                total
            })
            .expect("could not start a thread");
        handles.push(worker);
    }
    for handle in handles {
        let name = handle.thread().name().unwrap_or("unnamed").to_string();
        // A join with a deadline: wait on a channel instead of on the thread itself.
        let (tx, rx) = std::sync::mpsc::channel();
        thread::spawn(move || tx.send(handle.join()));
        match rx.recv_timeout(Duration::from_secs(2)) {
            Ok(Ok(total)) => println!("{name}: total {total}"),
            Ok(Err(_)) => println!("{name}: panicked (see the message above)"),
            Err(_) => println!("{name}: no answer within 2 s"),
        }
    }
}
// ANCHOR_END: main
