use std::any::Any;
use std::hint::black_box;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Mutex};
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
/// What a finished job left: its value, or the message of its panic.
type Outcome<T> = Result<T, String>;
type Callback<T> = Box<dyn FnOnce(&Outcome<T>) + Send>;

enum State<T> {
    Running(Vec<Callback<T>>),
    Finished(Arc<Outcome<T>>),
}

/// A job on its own thread, with Python's `add_done_callback`.
struct Task<T> {
    state: Arc<Mutex<State<T>>>,
    thread: JoinHandle<()>,
}

impl<T: Send + Sync + 'static> Task<T> {
    fn spawn(
        name: &str,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> std::io::Result<Self> {
        let state = Arc::new(Mutex::new(State::Running(Vec::new())));
        let shared = Arc::clone(&state);
        let thread = thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                let outcome = panic::catch_unwind(AssertUnwindSafe(job))
                    .map_err(|payload| message(payload.as_ref()).to_string());
                let outcome = Arc::new(outcome);
                let finished = State::Finished(Arc::clone(&outcome));
                // Under the lock: from here on, `add_done_callback` sees the job finished.
                let previous = std::mem::replace(&mut *shared.lock().unwrap(), finished);
                if let State::Running(callbacks) = previous {
                    for callback in callbacks {
                        callback(&outcome); // on this thread, the lock released
                    }
                }
            })?;
        Ok(Task { state, thread })
    }

    /// Runs `callback` once with the outcome: on the job's thread when the job ends, or at
    /// once on the caller's thread if the job has already finished.
    fn add_done_callback(&self, callback: impl FnOnce(&Outcome<T>) + Send + 'static) {
        let mut state = self.state.lock().unwrap();
        match &mut *state {
            State::Running(callbacks) => callbacks.push(Box::new(callback)),
            State::Finished(outcome) => {
                let outcome = Arc::clone(outcome);
                drop(state); // a callback may use this task again: never call it under the lock
                callback(&outcome);
            }
        }
    }
}

fn report(outcome: &Outcome<i32>) {
    let me = thread::current();
    let name = me.name().unwrap_or("?");
    match outcome {
        Ok(value) => println!("  callback on {name}: result {value}"),
        Err(panic) => println!("  callback on {name}: failed with {panic:?}"),
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
    println!("add_done_callback -> Task::add_done_callback");
    let (go, wait_for_go) = mpsc::channel::<()>();
    let task = Task::spawn("job-1", move || {
        let _ = wait_for_go.recv_timeout(Duration::from_secs(5));
        6 / black_box(2)
    })?;
    let (called_tx, called) = mpsc::channel();
    task.add_done_callback(move |outcome| {
        report(outcome);
        let _ = called_tx.send(());
    }); // the job is still running: it waits for the go signal
    go.send(()).unwrap();
    called
        .recv_timeout(Duration::from_secs(5))
        .expect("the first callback did not run within 5 s");
    println!("  job-1 has finished; adding a second callback");
    task.add_done_callback(report); // already finished: runs at once, on this thread

    let (go, wait_for_go) = mpsc::channel::<()>();
    let failing = Task::spawn("job-2", move || {
        let _ = wait_for_go.recv_timeout(Duration::from_secs(5));
        2 / black_box(0)
    })?;
    failing.add_done_callback(report);
    go.send(()).unwrap();
    wait_until_finished(&failing.thread, Duration::from_secs(5));
    // ANCHOR_END: callbacks
    Ok(())
}
