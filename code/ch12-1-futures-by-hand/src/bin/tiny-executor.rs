use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread;
use std::time::Duration;

struct Countdown {
    polls_left: u32,
}

impl Future for Countdown {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.polls_left -= 1;
        if self.polls_left == 0 {
            return Poll::Ready(());
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// ANCHOR: timer
/// A future that is ready once `after` has passed since its first poll.
struct Timer {
    after: Duration,
    shared: Option<Arc<Mutex<TimerState>>>,
}

struct TimerState {
    fired: bool,
    waker: Waker,
}

impl Timer {
    fn after(after: Duration) -> Timer {
        Timer {
            after,
            shared: None,
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(shared) = &self.shared {
            let mut state = shared.lock().unwrap();
            if state.fired {
                return Poll::Ready(());
            }
            // Polled again before firing: only the newest waker counts. `will_wake` saves
            // the clone when it is the same task's (it may say false for the same task).
            if !state.waker.will_wake(cx.waker()) {
                state.waker = cx.waker().clone();
            }
            return Poll::Pending;
        }
        let shared = Arc::new(Mutex::new(TimerState {
            fired: false,
            waker: cx.waker().clone(),
        }));
        let for_thread = Arc::clone(&shared);
        let after = self.after;
        thread::Builder::new()
            .name("timer".into())
            .spawn(move || {
                thread::sleep(after);
                let mut state = for_thread.lock().unwrap();
                state.fired = true;
                state.waker.wake_by_ref();
            })
            .expect("cannot start the timer thread");
        self.shared = Some(shared);
        Poll::Pending
    }
}
// ANCHOR_END: timer

// ANCHOR: task
type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

struct Task {
    name: &'static str,
    future: Mutex<Option<BoxedFuture>>, // None once it has finished
    woken_by: Mutex<String>,            // the thread that last called wake()
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let me = thread::current().name().unwrap_or("unnamed").to_string();
        *self.woken_by.lock().unwrap() = me;
        // The executor may already have returned; then there is nobody to tell.
        let _ = self.queue.send(Arc::clone(&self));
    }
}
// ANCHOR_END: task

// ANCHOR: run
/// Polls `tasks` until every one is done; returns how many polls that took.
fn run(tasks: Vec<(&'static str, BoxedFuture)>) -> Result<u32, String> {
    let (queue, woken) = mpsc::channel::<Arc<Task>>();
    let mut unfinished = tasks.len();
    for (name, future) in tasks {
        let task = Task {
            name,
            future: Mutex::new(Some(future)),
            woken_by: Mutex::new("spawn".into()),
            queue: queue.clone(),
        };
        queue.send(Arc::new(task)).unwrap();
    }
    let mut polls = 0;
    while unfinished > 0 {
        let task = woken
            .recv_timeout(Duration::from_secs(5))
            .map_err(|_| format!("{unfinished} task(s) not woken within 5 s"))?;
        let mut slot = task.future.lock().unwrap();
        let Some(future) = slot.as_mut() else {
            continue; // woken again after it finished
        };
        polls += 1;
        let woken_by = task.woken_by.lock().unwrap().clone();
        println!("poll {polls}: {:<9} woken by {woken_by}", task.name);
        let waker = Waker::from(Arc::clone(&task));
        if future
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready()
        {
            println!("        {} is done", task.name);
            *slot = None;
            unfinished -= 1;
        }
    }
    Ok(polls)
}
// ANCHOR_END: run

// ANCHOR: main
async fn count_then_wait() {
    Countdown { polls_left: 2 }.await;
    Timer::after(Duration::from_millis(100)).await;
}

fn main() {
    let tasks: Vec<(&'static str, BoxedFuture)> = vec![
        ("countdown", Box::pin(Countdown { polls_left: 3 })),
        ("async fn", Box::pin(count_then_wait())),
    ];
    match run(tasks) {
        Ok(polls) => println!("all done after {polls} polls"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::*;

    /// A waker that reports on a channel which of two wakers was woken.
    struct Report(&'static str, Sender<&'static str>);

    impl Wake for Report {
        fn wake(self: Arc<Self>) {
            let _ = self.1.send(self.0);
        }
    }

    #[test]
    fn the_timer_wakes_the_newest_waker_only() {
        let (tx, rx) = mpsc::channel();
        let first = Waker::from(Arc::new(Report("first", tx.clone())));
        let second = Waker::from(Arc::new(Report("second", tx)));
        // The state a first poll with `first` leaves, without its thread: nothing here
        // depends on how soon a thread runs.
        let shared = Arc::new(Mutex::new(TimerState {
            fired: false,
            waker: first,
        }));
        let mut timer = Timer {
            after: Duration::from_millis(20),
            shared: Some(Arc::clone(&shared)),
        };
        let mut timer = Pin::new(&mut timer);
        assert!(
            timer
                .as_mut()
                .poll(&mut Context::from_waker(&second))
                .is_pending()
        );
        // What the timer's thread does once `after` has passed.
        {
            let mut state = shared.lock().unwrap();
            state.fired = true;
            state.waker.wake_by_ref();
        }
        assert_eq!(
            rx.try_recv(),
            Ok("second"),
            "the timer woke a waker it was no longer given"
        );
        // Only the firing woke anything: the poll itself woke no waker.
        assert!(rx.try_recv().is_err(), "a waker was woken twice");
        assert!(
            timer
                .as_mut()
                .poll(&mut Context::from_waker(&second))
                .is_ready()
        );
    }
}
