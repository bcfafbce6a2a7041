use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

struct Countdown {
    name: &'static str,
    polls_left: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        println!("  {} polled", self.name);
        self.polls_left -= 1;
        if self.polls_left == 0 {
            return Poll::Ready(self.name);
        }
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

// ANCHOR: main
/// Ready with both outputs once both children are; never polls a finished child again.
struct Join<A: Future, B: Future> {
    a: A,
    b: B,
    a_output: Option<A::Output>,
    b_output: Option<B::Output>,
}

impl<A, B> Future for Join<A, B>
where
    A: Future + Unpin,
    B: Future + Unpin,
    A::Output: Unpin,
    B::Output: Unpin,
{
    type Output = (A::Output, B::Output);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = &mut *self; // allowed: every field is Unpin
        if this.a_output.is_none()
            && let Poll::Ready(out) = Pin::new(&mut this.a).poll(cx)
        {
            this.a_output = Some(out);
        }
        if this.b_output.is_none()
            && let Poll::Ready(out) = Pin::new(&mut this.b).poll(cx)
        {
            this.b_output = Some(out);
        }
        if this.a_output.is_some() && this.b_output.is_some() {
            let a = this.a_output.take().unwrap();
            let b = this.b_output.take().unwrap();
            return Poll::Ready((a, b));
        }
        Poll::Pending
    }
}

fn main() {
    let mut both = Join {
        a: Countdown {
            name: "short",
            polls_left: 2,
        },
        b: Countdown {
            name: "long",
            polls_left: 4,
        },
        a_output: None,
        b_output: None,
    };
    let mut cx = Context::from_waker(Waker::noop());
    for poll in 1.. {
        println!("poll {poll} of the join:");
        if let Poll::Ready(outputs) = Pin::new(&mut both).poll(&mut cx) {
            println!("Ready({outputs:?})");
            break;
        }
    }
}
// ANCHOR_END: main
