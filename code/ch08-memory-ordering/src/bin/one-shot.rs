use std::mem::MaybeUninit;
use std::sync::atomic::AtomicUsize;

// The same file is model-checked by tests/loom_build_your_own.rs: with the `loom` feature, the
// channel's atomic, its cell, its `Arc` and the model's threads are loom's.
#[cfg(feature = "loom")]
use loom::{
    hint,
    sync::Arc,
    sync::atomic::{AtomicU8, Ordering::Acquire, Ordering::Relaxed, Ordering::Release},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    cell::UnsafeCell,
    hint,
    sync::Arc,
    sync::atomic::{AtomicU8, Ordering::Acquire, Ordering::Relaxed, Ordering::Release},
    thread,
};

/// Under loom, std's `UnsafeCell` with loom's bookkeeping: every `get` is recorded as an access
/// to the data, and loom fails the model if two of them are not ordered by happens-before.
#[cfg(feature = "loom")]
struct UnsafeCell<T>(loom::cell::UnsafeCell<T>);

#[cfg(feature = "loom")]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        UnsafeCell(loom::cell::UnsafeCell::new(value))
    }
    fn get(&self) -> *mut T {
        self.0.with_mut(|pointer| pointer)
    }
}

// ANCHOR: channel
const EMPTY: u8 = 0; // nothing sent yet
const READY: u8 = 1; // the message is in the slot
const TAKEN: u8 = 2; // the receiver has moved it out
const CLOSED: u8 = 3; // the sender is gone without sending

/// The slot both ends share: one message, sent once, received at most once.
struct Channel<T> {
    state: AtomicU8,
    message: UnsafeCell<MaybeUninit<T>>,
}

// SAFETY: the slot is written once, by the sender, before its Release store of READY, and read
// once, by the receiver, after its Acquire load of READY: never both at once. The message moves
// from one thread to the other, so `T: Send` is all it takes, as for `std::sync::mpsc`.
unsafe impl<T: Send> Sync for Channel<T> {}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
}

/// A channel for exactly one message, like `std::sync::mpsc::sync_channel(1)` used once.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        state: AtomicU8::new(EMPTY),
        message: UnsafeCell::new(MaybeUninit::uninit()),
    });
    let sender = Sender {
        channel: Arc::clone(&channel),
    };
    (sender, Receiver { channel })
}

impl<T> Sender<T> {
    /// Sends the message. Taking `self` makes a second send a compile error.
    pub fn send(self, message: T) {
        // SAFETY: only this sender writes the slot, once, and the receiver does not read it
        // until it sees READY, which is stored below.
        unsafe { (*self.channel.message.get()).write(message) };
        // Release: the write above happens before any load that sees READY.
        self.channel.state.store(READY, Release);
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // A sender dropped without sending closes the channel, so `recv` cannot wait forever.
        // After a send the state is READY or TAKEN, and this exchange changes nothing.
        let _ = self
            .channel
            .state
            .compare_exchange(EMPTY, CLOSED, Relaxed, Relaxed);
    }
}

impl<T> Receiver<T> {
    /// Waits for the message: `Some` once it is sent, `None` if the sender is dropped instead.
    pub fn recv(self) -> Option<T> {
        loop {
            // Acquire: seeing READY makes the sender's write of the slot visible here.
            match self.channel.state.load(Acquire) {
                READY => {
                    // SAFETY: READY means the slot holds a message, and `self` is the only
                    // receiver, consumed by this call: it is read exactly once.
                    let message =
                        unsafe { (*self.channel.message.get()).assume_init_read() };
                    self.channel.state.store(TAKEN, Relaxed);
                    return Some(message);
                }
                CLOSED => return None,
                _ => hint::spin_loop(),
            }
        }
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // The last `Arc` is going, so no other thread can touch the slot: a message sent but
        // never received is dropped here, exactly once.
        if self.state.load(Relaxed) == READY {
            // SAFETY: READY and not TAKEN: the slot holds a message nobody moved out.
            unsafe { (*self.message.get()).assume_init_drop() };
        }
    }
}
// ANCHOR_END: channel

// ANCHOR: main
/// A message that counts how many times it is dropped.
struct Tracked(&'static AtomicUsize);

impl Drop for Tracked {
    fn drop(&mut self) {
        self.0.fetch_add(1, Relaxed);
    }
}

static DROPS: AtomicUsize = AtomicUsize::new(0);

fn main() {
    // 1. A worker computes a sum and sends it back.
    let (sender, receiver) = channel();
    let worker = thread::spawn(move || sender.send((1..=100u64).sum::<u64>()));
    println!("the worker sent: {:?}", receiver.recv());
    worker.join().unwrap();

    // 2. A worker that ends without sending: the receiver is told, instead of waiting forever.
    let (sender, receiver) = channel::<u64>();
    let quitter = thread::spawn(move || drop(sender));
    println!("a sender dropped without sending: {:?}", receiver.recv());
    quitter.join().unwrap();

    // 3. A message sent but never received is still dropped, once.
    let (sender, receiver) = channel();
    let worker = thread::spawn(move || sender.send(Tracked(&DROPS)));
    drop(receiver);
    worker.join().unwrap();
    println!(
        "an unreceived message was dropped {} time(s)",
        DROPS.load(Relaxed)
    );
}
// ANCHOR_END: main

// ANCHOR: model
/// A worker sends a vector; this thread receives it. tests/loom_build_your_own.rs runs this
/// under loom: in no interleaving does the receiver read the slot before the write is visible.
#[allow(dead_code, reason = "main does not call it: the loom test does")]
pub fn one_message() {
    let (sender, receiver) = channel();
    let worker = thread::spawn(move || sender.send(vec![1, 2, 3]));
    assert_eq!(receiver.recv(), Some(vec![1, 2, 3]), "the message was lost");
    worker.join().unwrap();
}

/// The sender gives up without sending: the receiver gets `None` in every interleaving.
#[allow(dead_code, reason = "main does not call it: the loom test does")]
pub fn sender_gives_up() {
    let (sender, receiver) = channel::<u32>();
    let quitter = thread::spawn(move || drop(sender));
    assert_eq!(receiver.recv(), None, "a message appeared from nowhere");
    quitter.join().unwrap();
}
// ANCHOR_END: model
