use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

// ANCHOR: main
/// A future that is ready on its `polls_left`-th poll.
struct Countdown {
    polls_left: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        self.polls_left -= 1;
        if self.polls_left == 0 {
            return Poll::Ready("liftoff");
        }
        // Not ready, and nothing else will ever wake us: ask to be polled again.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

fn main() {
    let mut countdown = Countdown { polls_left: 3 };
    let mut cx = Context::from_waker(Waker::noop());
    for poll in 1.. {
        match Pin::new(&mut countdown).poll(&mut cx) {
            Poll::Pending => println!("poll {poll}: Pending"),
            Poll::Ready(value) => {
                println!("poll {poll}: Ready({value:?})");
                break;
            }
        }
    }
}
// ANCHOR_END: main
