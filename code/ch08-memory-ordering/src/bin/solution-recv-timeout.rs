use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{
    AtomicU8, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, Thread};
use std::time::{Duration, Instant};

// ANCHOR: channel
const EMPTY: u8 = 0;
const READY: u8 = 1;
const TAKEN: u8 = 2;
const CLOSED: u8 = 3;

struct Channel<T> {
    state: AtomicU8,
    message: UnsafeCell<MaybeUninit<T>>,
    /// The thread that made the channel and receives on it: the one the sender unparks.
    receiver: Thread,
}

// SAFETY: as for the spinning one-shot channel: the slot is written once before the Release
// store of READY and read once after the Acquire load that sees it. `Thread` is Send and Sync.
unsafe impl<T: Send> Sync for Channel<T> {}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

/// The receiving end. It must stay on the thread that called `channel`, since that is the
/// thread the sender unparks: `PhantomData<*const ()>` makes it `!Send`, so moving it to
/// another thread is a compile error rather than a wait that only the timeout ends.
pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
    _stays_here: PhantomData<*const ()>,
}

/// A one-shot channel whose receiver is the current thread.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        state: AtomicU8::new(EMPTY),
        message: UnsafeCell::new(MaybeUninit::uninit()),
        receiver: thread::current(),
    });
    let sender = Sender {
        channel: Arc::clone(&channel),
    };
    let receiver = Receiver {
        channel,
        _stays_here: PhantomData,
    };
    (sender, receiver)
}

impl<T> Sender<T> {
    pub fn send(self, message: T) {
        // SAFETY: only this sender writes the slot, once, before READY is stored.
        unsafe { (*self.channel.message.get()).write(message) };
        self.channel.state.store(READY, Release);
        self.channel.receiver.unpark(); // wakes the receiver, or leaves it a token
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let closed = self
            .channel
            .state
            .compare_exchange(EMPTY, CLOSED, Relaxed, Relaxed)
            .is_ok();
        if closed {
            self.channel.receiver.unpark(); // so a waiting receiver learns it now
        }
    }
}

impl<T> Receiver<T> {
    /// Waits at most `timeout` for the message, parked, not spinning. `Timeout` leaves the
    /// channel as it was, so the receiver may try again; `Disconnected` means the sender is gone
    /// without sending, or the message was already received.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<T, RecvTimeoutError> {
        let deadline = Instant::now() + timeout;
        loop {
            match self.channel.state.load(Acquire) {
                READY => {
                    self.channel.state.store(TAKEN, Relaxed);
                    // SAFETY: READY: the slot holds a message, and the store above means no
                    // later call reads it again (only this thread has the receiver).
                    return Ok(unsafe {
                        (*self.channel.message.get()).assume_init_read()
                    });
                }
                TAKEN | CLOSED => return Err(RecvTimeoutError::Disconnected),
                _ => {}
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(RecvTimeoutError::Timeout);
            }
            // May return early (an unpark, a spurious wake-up): the loop checks again.
            thread::park_timeout(deadline - now);
        }
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        if *self.state.get_mut() == READY {
            // SAFETY: READY and not TAKEN: the slot holds a message nobody moved out.
            unsafe { self.message.get_mut().assume_init_drop() };
        }
    }
}
// ANCHOR_END: channel

// ANCHOR: main
fn main() {
    // 1. The message comes in time.
    let (sender, receiver) = channel();
    let worker = thread::spawn(move || sender.send((1..=100u64).sum::<u64>()));
    println!(
        "sent in time: {:?}",
        receiver.recv_timeout(Duration::from_secs(5))
    );
    worker.join().unwrap();

    // 2. The sender waits for a go that comes only after the first timeout, then sends.
    let (sender, receiver) = channel();
    let (go, wait_for_go) = mpsc::channel();
    let late = thread::spawn(move || {
        if wait_for_go.recv_timeout(Duration::from_secs(5)).is_ok() {
            sender.send("late, but here");
        }
    });
    println!(
        "first try, 20 ms: {:?}",
        receiver.recv_timeout(Duration::from_millis(20))
    );
    go.send(()).unwrap();
    println!(
        "second try, 5 s: {:?}",
        receiver.recv_timeout(Duration::from_secs(5))
    );
    println!(
        "third try: {:?}",
        receiver.recv_timeout(Duration::from_millis(20))
    );
    late.join().unwrap();

    // 3. The sender gives up: the receiver hears it at once, not at its deadline.
    let (sender, receiver) = channel::<u64>();
    let quitter = thread::spawn(move || drop(sender));
    println!(
        "sender dropped: {:?}",
        receiver.recv_timeout(Duration::from_secs(5))
    );
    quitter.join().unwrap();
}
// ANCHOR_END: main
