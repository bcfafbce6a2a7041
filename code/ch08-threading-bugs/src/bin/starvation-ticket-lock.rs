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
    data: Mutex<T>, // only the ticket holder ever locks it, so it never waits here
}

struct Tickets {
    next_ticket: u64,
    now_serving: u64,
}

struct TicketGuard<'a, T> {
    data: MutexGuard<'a, T>, // fields drop in order: the data first, then the turn passes on
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
        TicketGuard {
            data: self.lock.data.lock().unwrap(),
            lock: self.lock,
        }
    }
}

impl<T> Drop for TicketGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.tickets.lock().unwrap().now_serving += 1;
        self.lock.next_served.notify_all(); // the holder of the next ticket goes; others wait on
    }
}
// ANCHOR_END: ticket

impl<T> Deref for TicketGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T> DerefMut for TicketGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.data
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
