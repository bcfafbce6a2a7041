use std::any::Any;
use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

fn message(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s
    } else {
        "(not a string)"
    }
}

fn wait_until_finished<T>(handle: &JoinHandle<T>, limit: Duration) {
    let deadline = Instant::now() + limit;
    while !handle.is_finished() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(1));
    }
}

// ANCHOR: callback
/// Runs `job` on a new thread, then `callback` on that same thread with the outcome,
/// whether the job returned or panicked.
fn spawn_with_callback<T, F, C>(
    name: &str,
    job: F,
    callback: C,
) -> std::io::Result<JoinHandle<()>>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
    C: FnOnce(thread::Result<T>) + Send + 'static,
{
    thread::Builder::new()
        .name(name.to_string())
        .spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            callback(outcome);
        })
}

fn report(outcome: thread::Result<i32>) {
    let me = thread::current();
    let name = me.name().unwrap_or("?");
    match outcome {
        Ok(value) => println!("  callback on {name}: result {value}"),
        Err(payload) => println!(
            "  callback on {name}: failed with {:?}",
            message(payload.as_ref())
        ),
    }
}
// ANCHOR_END: callback

fn main() -> std::io::Result<()> {
    // ANCHOR: done
    println!("done() -> JoinHandle::is_finished");
    let (go, wait_for_go) = mpsc::channel::<()>();
    let handle = thread::Builder::new()
        .name("divider".into())
        .spawn(move || {
            let _ = wait_for_go.recv_timeout(Duration::from_secs(5));
            3.0 / 2.0
        })?;
    println!("  before the go signal: {}", handle.is_finished());
    go.send(()).unwrap();
    wait_until_finished(&handle, Duration::from_secs(5));
    println!("  after the go signal:  {}", handle.is_finished());
    println!("  join: {:?}", handle.join().ok());
    // ANCHOR_END: done

    // ANCHOR: result
    println!("result(timeout) -> Receiver::recv_timeout");
    let (go, wait_for_go) = mpsc::channel::<()>();
    let (result_tx, result) = mpsc::channel();
    thread::Builder::new().spawn(move || {
        let _ = wait_for_go.recv_timeout(Duration::from_secs(5));
        let _ = result_tx.send(10.0 / 2.0);
    })?;
    match result.recv_timeout(Duration::from_millis(50)) {
        Err(RecvTimeoutError::Timeout) => println!("  within 50 ms: timed out"),
        other => println!("  within 50 ms: {other:?}"),
    }
    go.send(()).unwrap();
    println!(
        "  within 5 s: {:?}",
        result.recv_timeout(Duration::from_secs(5))
    );
    // ANCHOR_END: result

    // ANCHOR: exception
    println!("exception() -> the Err of JoinHandle::join");
    let handle = thread::Builder::new()
        .name("zero".into())
        .spawn(|| 2 / black_box(0))?;
    match handle.join() {
        Ok(value) => println!("  no exception, result {value}"),
        Err(payload) => println!("  exception: {}", message(payload.as_ref())),
    }
    // ANCHOR_END: exception

    // ANCHOR: callbacks
    println!("add_done_callback -> a callback the worker runs");
    let first = spawn_with_callback("job-1", || 6 / black_box(2), report)?;
    let _ = first.join();
    let second = spawn_with_callback("job-2", || 2 / black_box(0), report)?;
    let _ = second.join();
    // ANCHOR_END: callbacks
    Ok(())
}
