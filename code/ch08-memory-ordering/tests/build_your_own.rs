//! What the primitives the chapter builds must get right, checked on real threads (their
//! loom models are in tests/loom_build_your_own.rs), and the exercises' solutions.

use listing_check::{run_listing, stdout_of};

#[test]
fn the_spin_lock_loses_no_push_at_100000_rounds() {
    let out = stdout_of(env!("CARGO_BIN_EXE_spin-lock"), &["100000"]);
    assert!(out.contains("the vector holds 200000 numbers"), "{out}");
    assert!(
        out.contains("each of 0..200000 exactly once: true"),
        "{out}"
    );
}

#[test]
fn the_spin_lock_rejects_a_bad_round_count_in_one_line() {
    for bad in ["0", "many", "-3"] {
        let output = run_listing(env!("CARGO_BIN_EXE_spin-lock"), &[bad]);
        assert_eq!(output.code(), Some(2), "{bad}: {output:?}");
        assert_eq!(output.stderr.lines().count(), 1, "{bad}: {}", output.stderr);
        assert!(output.stdout.is_empty(), "{bad}: {}", output.stdout);
    }
}

#[test]
fn the_one_shot_channel_delivers_reports_a_quitter_and_drops_once() {
    // Run it several times: each run has fresh threads and a fresh schedule.
    for _ in 0..20 {
        let out = stdout_of(env!("CARGO_BIN_EXE_one-shot"), &[]);
        assert_eq!(
            out,
            "the worker sent: Some(5050)\n\
             a sender dropped without sending: None\n\
             an unreceived message was dropped 1 time(s)\n"
        );
    }
}

#[test]
fn the_minimal_arc_drops_its_value_exactly_once_after_every_clone() {
    for _ in 0..20 {
        let out = stdout_of(env!("CARGO_BIN_EXE_minimal-arc"), &[]);
        assert!(
            out.contains(
                "each of 4 threads summed its clone: [500500, 500500, 500500, 500500]"
            ),
            "{out}"
        );
        assert!(out.contains("dropped 1 time(s)"), "{out}");
    }
}

#[test]
fn park_uses_an_early_token_and_the_parked_waiter_sees_the_data() {
    let out = stdout_of(env!("CARGO_BIN_EXE_park-unpark"), &[]);
    assert!(out.contains("park returned at once"), "{out}");
    assert!(out.contains("the parked waiter woke and read: 42"), "{out}");
}

/// Exercise: the receiver that waits with a timeout.
#[test]
fn recv_timeout_times_out_then_receives_then_reports_disconnection() {
    for _ in 0..10 {
        let out = stdout_of(env!("CARGO_BIN_EXE_solution-recv-timeout"), &[]);
        assert_eq!(
            out,
            "sent in time: Ok(5050)\n\
             first try, 20 ms: Err(Timeout)\n\
             second try, 5 s: Ok(\"late, but here\")\n\
             third try: Err(Disconnected)\n\
             sender dropped: Err(Disconnected)\n"
        );
    }
}

/// Exercise: `get_mut` is `None` while a clone lives, `Some` once it is gone.
#[test]
fn get_mut_refuses_while_shared_and_allows_when_alone() {
    let out = stdout_of(env!("CARGO_BIN_EXE_solution-arc-get-mut"), &[]);
    assert!(out.contains("with a clone alive, get_mut: None"), "{out}");
    assert!(out.contains("the reader summed 6"), "{out}");
    assert!(
        out.contains("get_mut let us sort and push: [1, 2, 3, 4]"),
        "{out}"
    );
}
