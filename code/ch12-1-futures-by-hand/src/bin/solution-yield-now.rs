use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

// ANCHOR: yield_now
/// Pending on its first poll, after waking its own task; Ready on the next.
struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref(); // to the back of the queue
        Poll::Pending
    }
}

fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

async fn worker(name: &'static str, steps: u32) {
    for step in 1..=steps {
        println!("{name}: step {step}");
        yield_now().await;
    }
}
// ANCHOR_END: yield_now

type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

struct Task {
    future: Mutex<Option<BoxedFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let _ = self.queue.send(Arc::clone(&self));
    }
}

/// Polls `futures` until every one is done; returns how many polls that took.
fn run(futures: Vec<BoxedFuture>) -> Result<u32, String> {
    let (queue, woken) = mpsc::channel::<Arc<Task>>();
    let mut unfinished = futures.len();
    for future in futures {
        let future = Mutex::new(Some(future));
        queue
            .send(Arc::new(Task {
                future,
                queue: queue.clone(),
            }))
            .unwrap();
    }
    let mut polls = 0;
    while unfinished > 0 {
        let task = woken
            .recv_timeout(Duration::from_secs(5))
            .map_err(|_| format!("{unfinished} task(s) not woken within 5 s"))?;
        let mut slot = task.future.lock().unwrap();
        let Some(future) = slot.as_mut() else {
            continue;
        };
        polls += 1;
        let waker = Waker::from(Arc::clone(&task));
        if future
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready()
        {
            *slot = None;
            unfinished -= 1;
        }
    }
    Ok(polls)
}

// ANCHOR: main
fn main() {
    match run(vec![Box::pin(worker("a", 3)), Box::pin(worker("b", 3))]) {
        Ok(polls) => println!("{polls} polls"),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
// ANCHOR_END: main
