use std::ops::Deref;
use std::ptr::NonNull;

// The same file is model-checked by tests/loom_build_your_own.rs, as minimal-arc.rs is.
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

struct Inner<T> {
    count: AtomicUsize,
    value: T,
}

/// The minimal `Arc` of Listing 8-13, unchanged but for `get_mut` below.
pub struct MiniArc<T> {
    inner: NonNull<Inner<T>>,
}

// SAFETY: as for MiniArc in minimal-arc.rs: clones share a `&T` across threads (`T: Sync`) and
// the last one drops the `T` wherever it is (`T: Send`).
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

// ANCHOR: get_mut
impl<T> MiniArc<T> {
    /// A `&mut T` when this is the only clone, as `Arc::get_mut` gives; `None` otherwise.
    /// (An associated function, not a method, so it cannot hide a `get_mut` of `T`.)
    pub fn get_mut(this: &mut Self) -> Option<&mut T> {
        // Acquire pairs with the Release decrement in `drop`: whatever another thread did with
        // the value before it dropped its clone happens before our mutation through the `&mut`.
        if this.inner().count.load(Acquire) != 1 {
            return None;
        }
        // SAFETY: the count is 1, so `this` is the only clone; `&mut this` means nobody can
        // clone it meanwhile; so this `&mut T` is the only reference to the value.
        Some(unsafe { &mut this.inner.as_mut().value })
    }
}
// ANCHOR_END: get_mut

impl<T> Deref for MiniArc<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.inner().value
    }
}

impl<T> Clone for MiniArc<T> {
    fn clone(&self) -> Self {
        if self.inner().count.fetch_add(1, Relaxed) > usize::MAX / 2 {
            std::process::abort();
        }
        MiniArc { inner: self.inner }
    }
}

impl<T> Drop for MiniArc<T> {
    fn drop(&mut self) {
        if self.inner().count.fetch_sub(1, Release) != 1 {
            return;
        }
        fence(Acquire);
        // SAFETY: the count was 1, so no other clone exists and none can be made.
        drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
    }
}

// ANCHOR: main
fn main() {
    let mut scores = MiniArc::new(vec![3, 1, 2]);
    let clone = scores.clone();
    println!(
        "with a clone alive, get_mut: {:?}",
        MiniArc::get_mut(&mut scores)
    );
    let reader = thread::spawn(move || clone.iter().sum::<u32>()); // the clone goes with it
    println!("the reader summed {}", reader.join().unwrap());
    if let Some(scores) = MiniArc::get_mut(&mut scores) {
        scores.sort();
        scores.push(4);
    }
    println!("alone again, get_mut let us sort and push: {:?}", *scores);
}
// ANCHOR_END: main

/// Under loom, a value whose reads and writes loom records as accesses to one cell.
#[cfg(feature = "loom")]
pub struct Slot(loom::cell::UnsafeCell<u64>);

// SAFETY: shared, a `Slot` is only read; it is written only through `&mut`.
#[cfg(feature = "loom")]
unsafe impl Sync for Slot {}

// ANCHOR: model
/// A thread reads the value through its clone and drops it; this thread waits until
/// `get_mut` succeeds and writes. tests/loom_build_your_own.rs runs this under loom: the
/// reader's read happens before the write in every interleaving. With a Relaxed load in
/// `get_mut`, it does not, and loom reports a causality violation.
#[cfg(feature = "loom")]
pub fn read_then_get_mut() {
    let mut shared = MiniArc::new(Slot(loom::cell::UnsafeCell::new(7)));
    let clone = shared.clone();
    let reader = thread::spawn(move || {
        // SAFETY: no `&mut` exists while the clone does.
        assert_eq!(clone.0.with(|v| unsafe { *v }), 7);
    });
    while MiniArc::get_mut(&mut shared).is_none() {
        thread::yield_now(); // the reader still holds its clone
    }
    let slot = MiniArc::get_mut(&mut shared).unwrap();
    // SAFETY: `get_mut` gave the only reference to the slot.
    slot.0.with_mut(|v| unsafe { *v = 8 });
    reader.join().unwrap();
}
// ANCHOR_END: model
