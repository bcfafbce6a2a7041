use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::Duration;

// ANCHOR: ticket
/// A fair lock: callers are served in the order they asked, like tickets at a counter.
struct TicketLock<T> {
    tickets: Mutex<Tickets>,
    next_served: Condvar,
    data: Mutex<T>, // only the served ticket locks it, after the last holder unlocked it
}

struct Tickets {
    next_ticket: u64,
    now_serving: u64,
}

struct TicketGuard<'a, T> {
    // `Drop::drop` runs before any field is dropped, so `drop` takes this guard out and
    // unlocks `data` itself before it passes the turn on. `None` only inside `drop`.
    data: Option<MutexGuard<'a, T>>,
    lock: &'a TicketLock<T>,
}

impl<T> TicketLock<T> {
    fn new(value: T) -> Self {
        TicketLock {
            tickets: Mutex::new(Tickets {
                next_ticket: 0,
                now_serving: 0,
            }),
            next_served: Condvar::new(),
            data: Mutex::new(value),
        }
    }

    /// Joins the queue. From here on, everyone who asks later is served later.
    fn take_ticket(&self) -> Ticket<'_, T> {
        let mut tickets = self.tickets.lock().unwrap();
        let number = tickets.next_ticket;
        tickets.next_ticket += 1;
        Ticket { number, lock: self }
    }

    fn lock(&self) -> TicketGuard<'_, T> {
        self.take_ticket().wait()
    }
}

/// A place in the queue. It must be waited on: an abandoned ticket would stall the queue.
struct Ticket<'a, T> {
    number: u64,
    lock: &'a TicketLock<T>,
}

impl<'a, T> Ticket<'a, T> {
    fn wait(self) -> TicketGuard<'a, T> {
        let tickets = self.lock.tickets.lock().unwrap();
        let tickets = self
            .lock
            .next_served
            .wait_while(tickets, |t| t.now_serving != self.number)
            .unwrap();
        drop(tickets);
        // `try_lock`, not `lock`: the last holder unlocked `data` before it served this ticket.
        let data = self
            .lock
            .data
            .try_lock()
            .expect("the data is free once a ticket is served");
        TicketGuard {
            data: Some(data),
            lock: self.lock,
        }
    }
}

impl<T> Drop for TicketGuard<'_, T> {
    fn drop(&mut self) {
        drop(self.data.take()); // unlock the data first ...
        self.lock.tickets.lock().unwrap().now_serving += 1; // ... then serve the next ticket
        self.lock.next_served.notify_all(); // the holder of the next ticket goes; others wait on
    }
}
// ANCHOR_END: ticket

impl<T> Deref for TicketGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.data
            .as_deref()
            .expect("the data guard is taken only in drop")
    }
}

impl<T> DerefMut for TicketGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.data
            .as_deref_mut()
            .expect("the data guard is taken only in drop")
    }
}

// ANCHOR: main
fn main() {
    let cap = 200_000u64;
    let printer = TicketLock::new(0u64); // a ticket lock instead of a Mutex
    let waiting = AtomicBool::new(false);
    let turns_while_waiting = AtomicU64::new(0);
    let finished = AtomicBool::new(false);

    let waits = thread::scope(|s| {
        s.spawn(|| {
            let mut turns = 0;
            while turns < cap && !finished.load(Ordering::SeqCst) {
                let mut pages = printer.lock();
                *pages += 1;
                turns += 1;
                if waiting.load(Ordering::SeqCst) {
                    turns_while_waiting.fetch_add(1, Ordering::SeqCst);
                }
                for _ in 0..500 {
                    std::hint::spin_loop();
                }
            }
        });
        let polite = s.spawn(|| {
            let mut waits = Vec::new();
            for _ in 0..5 {
                thread::sleep(Duration::from_millis(2));
                let ticket = printer.take_ticket(); // in the queue from here on
                waiting.store(true, Ordering::SeqCst);
                let mut pages = ticket.wait();
                waiting.store(false, Ordering::SeqCst);
                *pages += 1;
                waits.push(turns_while_waiting.swap(0, Ordering::SeqCst));
            }
            finished.store(true, Ordering::SeqCst);
            waits
        });
        polite.join().unwrap()
    });

    println!(
        "greedy thread's turns while the polite one waited, wait by wait: {waits:?}"
    );
}
// ANCHOR_END: main
