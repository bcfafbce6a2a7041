//! Model checks of the primitives the chapter builds (spin lock, one-shot channel, minimal
//! `Arc`), run by
//! `cargo test --release -p ch08-memory-ordering --features loom --test loom_build_your_own`.
//!
//! Each listing file is compiled here as a module, so loom checks the very code the book shows;
//! the `loom` feature makes those files use loom's atomics, cells and threads instead of std's.
//!
//! Every model runs with a preemption bound of 3: loom then explores every interleaving in
//! which the scheduler interrupts a running thread at most three times. Each model has two
//! threads and a handful of atomic steps, so three preemptions already cover each way the two
//! threads' steps can be ordered around the one hand-off that matters (the bugs these models
//! exist to catch need one or two), and the whole file runs in well under a second.
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

/// Runs `model` under loom with the bound above; returns how many interleavings it explored.
fn check(name: &str, model: fn()) -> usize {
    let explored = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = std::sync::Arc::clone(&explored);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(move || {
        counter.fetch_add(1, Ordering::Relaxed);
        model();
    });
    let explored = explored.load(Ordering::Relaxed);
    println!("{name}: loom explored {explored} interleavings");
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

/// Exercise 8-?: `get_mut`'s Acquire load orders the reader's access before the write.
#[test]
fn loom_finds_get_mut_writes_after_every_read() {
    assert!(
        check(
            "arc_get_mut::read_then_get_mut",
            arc_get_mut::read_then_get_mut
        ) > 1
    );
}
