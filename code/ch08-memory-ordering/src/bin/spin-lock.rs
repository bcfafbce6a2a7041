use std::ops::{Deref, DerefMut};
use std::process::ExitCode;

// The same file is model-checked by tests/loom_build_your_own.rs: with the `loom` feature, the
// lock's atomic, its cell and the threads of `two_threads_one_lock` are loom's, which record
// every access and try every order of them.
#[cfg(feature = "loom")]
use loom::{
    hint,
    sync::Arc,
    sync::atomic::{AtomicBool, Ordering::Acquire, Ordering::Relaxed, Ordering::Release},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    cell::UnsafeCell,
    hint,
    sync::Arc,
    sync::atomic::{AtomicBool, Ordering::Acquire, Ordering::Relaxed, Ordering::Release},
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

// ANCHOR: lock
/// A lock that waits by spinning: the smallest `std::sync::Mutex` that works.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: a `&SpinLock<T>` hands out `&mut T` to one thread at a time (the `locked` flag sees to
// that), so sharing the lock between threads is sharing the `T` by moving access to it from
// thread to thread: sound when `T` may be sent, the same bound `Mutex<T>` puts on `Sync`.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> Guard<'_, T> {
        // Acquire: once we see `false` and swap in `true`, every write the previous holder made
        // before its Release store in `drop` is visible to us.
        while self
            .locked
            .compare_exchange_weak(false, true, Acquire, Relaxed)
            .is_err()
        {
            hint::spin_loop();
        }
        Guard { lock: self }
    }
}

/// Proof that the lock is held: the only way to reach the value, like `MutexGuard`.
pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
}

// SAFETY: a shared `&Guard` gives out only `&T`, so sharing a guard between threads shares the
// `T`, which needs `T: Sync`, the bound `MutexGuard` has. Without this line the compiler would
// make the guard `Sync` whenever `T: Send` (its one field is a `&SpinLock<T>`), and two threads
// could then call `Cell::set` through one `&Guard<Cell<u32>>` at once.
unsafe impl<T: Sync> Sync for Guard<'_, T> {}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard exists, so the lock is held and no other reference to the value
        // exists; the reference cannot outlive the guard.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as in `deref`, and `&mut self` means this is the guard's only use right now.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        // Release: every write made through this guard happens before the next `lock` succeeds.
        self.lock.locked.store(false, Release);
    }
}
// ANCHOR_END: lock

// ANCHOR: main
/// Two threads push `rounds` numbers each onto one vector behind the spin lock.
fn two_pushers(rounds: usize) -> Vec<usize> {
    let numbers = Arc::new(SpinLock::new(Vec::new()));
    let pushers: Vec<_> = (0..2)
        .map(|t| {
            let numbers = Arc::clone(&numbers);
            thread::spawn(move || {
                for i in 0..rounds {
                    numbers.lock().push(t * rounds + i);
                }
            })
        })
        .collect();
    for pusher in pushers {
        pusher.join().unwrap();
    }
    let mut all = std::mem::take(&mut *numbers.lock());
    all.sort_unstable();
    all
}

fn report(rounds: usize) {
    let all = two_pushers(rounds);
    let every_number_once = all.iter().copied().eq(0..2 * rounds);
    println!("2 threads pushed {rounds} numbers each under the spin lock");
    println!("the vector holds {} numbers", all.len());
    println!(
        "each of 0..{} exactly once: {every_number_once}",
        2 * rounds
    );
}
// ANCHOR_END: main

fn main() -> ExitCode {
    let rounds = match std::env::args().nth(1) {
        None => 10_000,
        Some(arg) => match arg.parse::<usize>() {
            Ok(n) if (1..=10_000_000).contains(&n) => n,
            _ => {
                eprintln!(
                    "error: ROUNDS must be a whole number from 1 to 10000000, not `{arg}`"
                );
                return ExitCode::from(2);
            }
        },
    };
    report(rounds);
    ExitCode::SUCCESS
}

// ANCHOR: model
/// Two threads each add one to a counter behind the lock. tests/loom_build_your_own.rs runs
/// this under loom: with the Acquire/Release pair above, no order of their steps loses an add
/// or lets the two guards' accesses overlap.
#[allow(dead_code, reason = "main does not call it: the loom test does")]
pub fn two_threads_one_lock() {
    let counter = Arc::new(SpinLock::new(0));
    let other = Arc::clone(&counter);
    let adder = thread::spawn(move || *other.lock() += 1);
    *counter.lock() += 1;
    adder.join().unwrap();
    assert_eq!(*counter.lock(), 2, "the spin lock lost an update");
}
// ANCHOR_END: model
