//! The deadlock listing without its barriers: thread 1 takes knives then forks, thread 2 forks
//! then knives, and nothing lines them up. loom stops at a real deadlock, so each thread takes
//! its second lock with `try_lock`: when that fails, the other thread holds it and waits for the
//! lock this thread holds, which is exactly a deadlock. The run records `deadlock` then (and the
//! thread lets go, so the run ends); otherwise the order in which the threads held both locks.
//!
//! Each thread lets go of its first lock before its second. Guards dropped at the end of the
//! scope would go the other way, and on real threads that leaves a gap: thread 2 releases
//! knives, thread 1 takes knives, and its `try_lock` on forks fails because thread 2, done with
//! both, has not released forks yet. Released first lock first, a thread's first lock is held
//! for as long as it holds any, so a failed `try_lock` means the other thread holds this lock
//! as its first and has not got this thread's first: the cycle. loom would not show the gap
//! either way, since it does not switch threads between two releases.

use crate::check::Model;
#[cfg(feature = "loom")]
use crate::check::every_interleaving;
#[cfg(not(feature = "loom"))]
use crate::check::real_runs;

#[cfg(feature = "loom")]
use loom::{
    sync::{Arc, Mutex},
    thread,
};
#[cfg(not(feature = "loom"))]
use std::{
    sync::{Arc, Mutex},
    thread,
};

pub const MODEL: Model = Model {
    name: "deadlock-opposite-order",
    what: "thread 1 locks knives then forks, thread 2 forks then knives, with no barrier; \
           the outcome is the order in which they held both locks, or `deadlock` when each \
           holds the lock the other waits for",
    checker: "loom",
    sampler: "the same code on std threads, without the barriers: the natural interleaving",
    #[cfg(feature = "loom")]
    enumerate: || every_interleaving(once),
    #[cfg(not(feature = "loom"))]
    sample: |runs| real_runs(once, runs),
};

/// Who held both locks, in order.
type Order = Vec<&'static str>;

/// Thread 1: knives, then forks. False if forks is held: thread 2 holds it and waits for knives.
fn thread_1(knives: &Mutex<Order>, forks: &Mutex<()>) -> bool {
    let mut order = knives.lock().unwrap();
    let Ok(forks) = forks.try_lock() else {
        return false;
    };
    order.push("thread 1");
    drop(order); // first lock first: see the module comment
    drop(forks);
    true
}

/// Thread 2: forks, then knives. False if knives is held: thread 1 holds it and waits for forks.
fn thread_2(knives: &Mutex<Order>, forks: &Mutex<()>) -> bool {
    let forks = forks.lock().unwrap();
    let Ok(mut order) = knives.try_lock() else {
        return false;
    };
    order.push("thread 2");
    drop(forks); // first lock first: see the module comment
    drop(order);
    true
}

/// One run: both threads, then `deadlock` or the order in which they held both locks.
pub fn once() -> String {
    let knives = Arc::new(Mutex::new(Order::new()));
    let forks = Arc::new(Mutex::new(()));
    let one = {
        let (knives, forks) = (Arc::clone(&knives), Arc::clone(&forks));
        thread::spawn(move || thread_1(&knives, &forks))
    };
    let two = {
        let (knives, forks) = (Arc::clone(&knives), Arc::clone(&forks));
        thread::spawn(move || thread_2(&knives, &forks))
    };
    let finished = [one.join().unwrap(), two.join().unwrap()];
    if finished.contains(&false) {
        return "deadlock".to_string();
    }
    let order = knives.lock().unwrap();
    order.join(" → ")
}
