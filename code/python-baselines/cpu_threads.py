"""CPU-bound work on 1 thread, then the same amount on each of 2 threads at once."""
import sys
import threading
import time

from machine import describe


ROUNDS = 5


def spin(iterations):
    total = 0
    for i in range(iterations):
        total += i & 7
    return total


def timed(threads, iterations):
    workers = [threading.Thread(target=spin, args=(iterations,)) for _ in range(threads)]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def main():
    try:
        iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
        if iterations <= 0:
            raise ValueError
    except ValueError:
        sys.exit("usage: cpu_threads.py [ITERATIONS > 0]")
    # The best of 5 rounds of each, as the Rust listing does: a slow round says more about the
    # machine's other load than about the GIL. The two variants take turns, round by round, so a
    # busy moment slows one round of each rather than every round of one.
    one = two = float("inf")
    for _ in range(ROUNDS):
        one = min(one, timed(1, iterations))
        two = min(two, timed(2, iterations))
    print(describe())
    print(f"each time is the best of {ROUNDS} rounds")
    print(f"1 thread,  1 unit each: {one * 1000:8.1f} ms")
    print(f"2 threads, 1 unit each: {two * 1000:8.1f} ms")
    print(f"ratio 2 threads / 1 thread: {two / one:.2f}")


if __name__ == "__main__":
    main()
