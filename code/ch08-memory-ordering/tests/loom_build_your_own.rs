//! Model checks of the primitives the chapter builds (spin lock, one-shot channel, minimal
//! `Arc`), run by
//! `cargo test --release -p ch08-memory-ordering --features loom --test loom_build_your_own`.
//!
//! Each listing file is compiled here as a module, so loom checks the very code the book shows;
//! the `loom` feature makes those files use loom's atomics, cells and threads instead of std's.
//!
//! Every model runs with no preemption bound: loom explores every execution its model of the
//! memory model allows (9 for the spin lock, 94 and 29 for the one-shot channel's two models, 4
//! for the `Arc`, 12 for `get_mut`; each test prints its count). The whole file runs in well
//! under a second.
#![cfg(feature = "loom")]

use std::sync::atomic::{AtomicUsize, Ordering};

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/spin-lock.rs"]
mod spin_lock;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/one-shot.rs"]
mod one_shot;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/minimal-arc.rs"]
mod minimal_arc;

#[allow(
    dead_code,
    reason = "only the model of this file is run here, not its main"
)]
#[path = "../src/bin/solution-arc-get-mut.rs"]
mod arc_get_mut;

/// Runs `model` under loom with no bound (see above); returns how many executions it explored.
fn check(name: &str, model: fn()) -> usize {
    let explored = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&explored);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = None;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.check(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            model();
        })
    }));
    let explored = explored.load(Ordering::Relaxed);
    if let Err(failure) = outcome {
        println!("{name}: loom failed in execution {explored}");
        std::panic::resume_unwind(failure);
    }
    println!("{name}: loom explored {explored} executions");
    explored
}

#[test]
fn loom_finds_no_lost_update_in_the_spin_lock() {
    assert!(
        check(
            "spin_lock::two_threads_one_lock",
            spin_lock::two_threads_one_lock
        ) > 1
    );
}

#[test]
fn loom_finds_the_one_shot_message_always_arrives_whole() {
    assert!(check("one_shot::one_message", one_shot::one_message) > 1);
}

#[test]
fn loom_finds_the_one_shot_receiver_told_when_the_sender_gives_up() {
    assert!(check("one_shot::sender_gives_up", one_shot::sender_gives_up) > 1);
}

#[test]
fn loom_finds_the_minimal_arc_drops_after_every_read() {
    assert!(check("minimal_arc::read_then_drop", minimal_arc::read_then_drop) > 1);
}

/// Exercise 5: `get_mut`'s Acquire load orders the reader's access before the write.
#[test]
fn loom_finds_get_mut_writes_after_every_read() {
    assert!(
        check(
            "arc_get_mut::read_then_get_mut",
            arc_get_mut::read_then_get_mut
        ) > 1
    );
}

/// The minimal `Arc` of minimal-arc.rs with one line removed, the Acquire fence in `drop`:
/// the chapter says loom then finds the race, and this module is what proves it.
mod without_the_fence {
    use std::ptr::NonNull;

    use loom::sync::atomic::{AtomicUsize, Ordering::Relaxed, Ordering::Release};
    use loom::thread;

    use super::minimal_arc::Slot;

    struct Inner<T> {
        count: AtomicUsize,
        value: T,
    }

    pub struct NoFenceArc<T> {
        inner: NonNull<Inner<T>>,
    }

    // SAFETY: as for `MiniArc` (it is the same type but for the missing fence).
    unsafe impl<T: Send + Sync> Send for NoFenceArc<T> {}

    impl<T> NoFenceArc<T> {
        fn new(value: T) -> Self {
            let inner = Box::new(Inner {
                count: AtomicUsize::new(1),
                value,
            });
            NoFenceArc {
                inner: NonNull::from(Box::leak(inner)),
            }
        }

        fn inner(&self) -> &Inner<T> {
            // SAFETY: the allocation lives as long as any clone.
            unsafe { self.inner.as_ref() }
        }
    }

    impl<T> Clone for NoFenceArc<T> {
        fn clone(&self) -> Self {
            self.inner().count.fetch_add(1, Relaxed);
            NoFenceArc { inner: self.inner }
        }
    }

    impl<T> Drop for NoFenceArc<T> {
        fn drop(&mut self) {
            if self.inner().count.fetch_sub(1, Release) == 1 {
                // (no `fence(Acquire)` here)
                // SAFETY: none; the missing fence is the bug this model shows.
                drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
            }
        }
    }

    /// `minimal_arc::read_then_drop`, with this `Arc`.
    pub fn read_then_drop() {
        let shared = NoFenceArc::new(Slot::new(7));
        let clone = shared.clone();
        let reader = thread::spawn(move || {
            assert_eq!(clone.inner().value.read(), 7);
            drop(clone);
        });
        drop(shared);
        reader.join().unwrap();
    }
}

// ANCHOR: no_fence
/// Without the fence, the last drop may run before the other thread's read is visible to it:
/// loom finds that interleaving and reports the read and the drop's write as concurrent.
#[test]
#[should_panic(
    expected = "Causality violation: Concurrent read and write accesses to `UnsafeCell`"
)]
fn loom_finds_the_race_when_the_fence_is_removed() {
    check(
        "without_the_fence::read_then_drop",
        without_the_fence::read_then_drop,
    );
}
// ANCHOR_END: no_fence

/// Exercise 5's `MiniArc::get_mut` with the wrong answer, a `Relaxed` load of the count, and
/// nothing else changed: the chapter says loom then reports a causality violation, and this
/// module is what proves it.
mod get_mut_with_a_relaxed_load {
    use std::ptr::NonNull;

    use loom::cell::UnsafeCell;
    use loom::sync::atomic::{AtomicUsize, Ordering::Acquire, Ordering::Relaxed};
    use loom::sync::atomic::{Ordering::Release, fence};
    use loom::thread;

    struct Inner<T> {
        count: AtomicUsize,
        value: T,
    }

    pub struct RelaxedArc<T> {
        inner: NonNull<Inner<T>>,
    }

    // SAFETY: as for `MiniArc` (it is the same type but for the load in `get_mut`).
    unsafe impl<T: Send + Sync> Send for RelaxedArc<T> {}

    impl<T> RelaxedArc<T> {
        fn new(value: T) -> Self {
            let inner = Box::new(Inner {
                count: AtomicUsize::new(1),
                value,
            });
            RelaxedArc {
                inner: NonNull::from(Box::leak(inner)),
            }
        }

        fn inner(&self) -> &Inner<T> {
            // SAFETY: the allocation lives as long as any clone.
            unsafe { self.inner.as_ref() }
        }

        fn get_mut(this: &mut Self) -> Option<&mut T> {
            // (`Relaxed` where the solution has `Acquire`)
            if this.inner().count.load(Relaxed) != 1 {
                return None;
            }
            // SAFETY: none; the missing Acquire is the bug this model shows.
            Some(unsafe { &mut this.inner.as_mut().value })
        }
    }

    impl<T> Clone for RelaxedArc<T> {
        fn clone(&self) -> Self {
            self.inner().count.fetch_add(1, Relaxed);
            RelaxedArc { inner: self.inner }
        }
    }

    impl<T> Drop for RelaxedArc<T> {
        fn drop(&mut self) {
            if self.inner().count.fetch_sub(1, Release) == 1 {
                fence(Acquire);
                // SAFETY: the count was 1, so no other clone exists.
                drop(unsafe { Box::from_raw(self.inner.as_ptr()) });
            }
        }
    }

    /// The value: loom records its read and its write.
    pub struct Slot(UnsafeCell<u64>);

    // SAFETY: shared, a `Slot` is only read; it is written only through `&mut`.
    unsafe impl Sync for Slot {}

    /// `arc_get_mut::read_then_get_mut`, with this `Arc`.
    pub fn read_then_get_mut() {
        let mut shared = RelaxedArc::new(Slot(UnsafeCell::new(7)));
        let clone = shared.clone();
        let reader = thread::spawn(move || {
            // SAFETY: no `&mut` exists while the clone does (with the right ordering).
            assert_eq!(clone.inner().value.0.with(|v| unsafe { *v }), 7);
        });
        while RelaxedArc::get_mut(&mut shared).is_none() {
            thread::yield_now();
        }
        let slot = RelaxedArc::get_mut(&mut shared).unwrap();
        // SAFETY: none with a Relaxed load; loom reports it.
        slot.0.with_mut(|v| unsafe { *v = 8 });
        reader.join().unwrap();
    }
}

/// Exercise 5: with a `Relaxed` load in `get_mut`, nothing orders the reader's read before the
/// write through `get_mut`, and loom reports the two as concurrent.
#[test]
#[should_panic(
    expected = "Causality violation: Concurrent read and write accesses to `UnsafeCell`"
)]
fn loom_finds_the_race_when_get_mut_loads_relaxed() {
    check(
        "get_mut_with_a_relaxed_load::read_then_get_mut",
        get_mut_with_a_relaxed_load::read_then_get_mut,
    );
}
