use std::ops::Deref;
use std::ptr::NonNull;
use std::sync::atomic::AtomicUsize as StdAtomicUsize;

// The same file is model-checked by tests/loom_build_your_own.rs: with the `loom` feature, the
// count, the fence and the model's threads are loom's.
#[cfg(feature = "loom")]
use loom::{
    sync::atomic::{
        AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release, fence,
    },
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::atomic::{
        AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release, fence,
    },
    thread,
};

// ANCHOR: arc
/// The allocation every clone points to: the count of clones, then the value.
struct Inner<T> {
    count: AtomicUsize,
    value: T,
}

/// A reference-counted pointer shared between threads: the smallest `std::sync::Arc`.
pub struct MiniArc<T> {
    inner: NonNull<Inner<T>>,
}

// SAFETY: a `MiniArc<T>` gives every thread that holds a clone a `&T`, so sending one to
// another thread shares the `T` (it needs `T: Sync`), and whichever thread drops the last clone
// drops the `T` (it needs `T: Send`). `std::sync::Arc` has the same two bounds, for the same
// reasons; and a `&MiniArc<T>` lets a thread clone it, so `Sync` needs the same as `Send`.
unsafe impl<T: Send + Sync> Send for MiniArc<T> {}
unsafe impl<T: Send + Sync> Sync for MiniArc<T> {}

impl<T> MiniArc<T> {
    pub fn new(value: T) -> Self {
        let inner = Box::new(Inner {
            count: AtomicUsize::new(1),
            value,
        });
        MiniArc {
            inner: NonNull::from(Box::leak(inner)),
        }
    }

    fn inner(&self) -> &Inner<T> {
        // SAFETY: the allocation lives as long as any clone, and `self` is one.
        unsafe { self.inner.as_ref() }
    }
}

impl<T> Deref for MiniArc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner().value
    }
}

impl<T> Clone for MiniArc<T> {
    fn clone(&self) -> Self {
        // Relaxed: a new clone publishes nothing; the caller already holds a clone, so the
        // count cannot reach zero meanwhile.
        if self.inner().count.fetch_add(1, Relaxed) > usize::MAX / 2 {
            std::process::abort(); // more clones than any program keeps: leaked ones; stop before the count wraps
        }
        MiniArc { inner: self.inner }
    }
}

impl<T> Drop for MiniArc<T> {
    fn drop(&mut self) {
        // Release: everything this thread did with the value happens before its decrement.
        if self.inner().count.fetch_sub(1, Release) != 1 {
            return; // other clones remain
        }
        // This was the last clone. The Acquire fence pairs with the Release decrements of every
        // other clone: their uses of the value happen before the drop below.
        fence(Acquire);
        // SAFETY: the count was 1, so no other clone exists and none can be made.
        drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
    }
}
// ANCHOR_END: arc

// ANCHOR: main
/// A reading that counts how many times it is dropped.
struct Readings {
    values: Vec<u64>,
    drops: &'static StdAtomicUsize,
}

impl Drop for Readings {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Relaxed);
    }
}

static DROPS: StdAtomicUsize = StdAtomicUsize::new(0);

fn main() {
    let readings = MiniArc::new(Readings {
        values: (1..=1000).collect(),
        drops: &DROPS,
    });
    let summers: Vec<_> = (0..4)
        .map(|_| {
            let readings = readings.clone();
            thread::spawn(move || readings.values.iter().sum::<u64>())
        })
        .collect();
    drop(readings); // no waiting: whichever clone goes last, a summer's or this one, frees the value
    let sums: Vec<u64> = summers.into_iter().map(|s| s.join().unwrap()).collect();
    println!("each of 4 threads summed its clone: {sums:?}");
    println!(
        "the readings were dropped {} time(s), by the last clone",
        DROPS.load(Relaxed)
    );
}
// ANCHOR_END: main

/// Under loom, a value whose every read and whose drop loom records as accesses to one cell:
/// loom fails the model if a clone's read does not happen before the drop.
#[cfg(feature = "loom")]
pub struct Slot(loom::cell::UnsafeCell<u64>);

#[cfg(feature = "loom")]
impl Slot {
    pub fn new(value: u64) -> Self {
        Slot(loom::cell::UnsafeCell::new(value))
    }
    pub fn read(&self) -> u64 {
        // SAFETY: the only write is in `drop`, when no clone is left to read.
        self.0.with(|value| unsafe { *value })
    }
}

#[cfg(feature = "loom")]
impl Drop for Slot {
    fn drop(&mut self) {
        // A write, as freeing the memory would be: it must come after every read.
        self.0.with_mut(|value| unsafe { *value = 0 });
    }
}

// SAFETY: shared, a `Slot` is only read; it is written only when dropped, by its last owner.
#[cfg(feature = "loom")]
unsafe impl Sync for Slot {}

// ANCHOR: model
/// A thread reads the value through its clone and drops the clone while this thread drops its
/// own. tests/loom_build_your_own.rs runs this under loom: whichever drop comes last, the other
/// thread's read happens before the value is dropped. Without the Acquire fence, it does not.
#[cfg(feature = "loom")]
pub fn read_then_drop() {
    let shared = MiniArc::new(Slot::new(7));
    let clone = shared.clone();
    let reader = thread::spawn(move || {
        assert_eq!(clone.read(), 7);
        drop(clone);
    });
    drop(shared);
    reader.join().unwrap();
}
// ANCHOR_END: model
