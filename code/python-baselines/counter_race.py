"""Two threads add 1 to a shared counter N times each: the plain form, then with a call in between."""
import sys
import threading
import time

from machine import describe

counter = 0


def plain(n):
    global counter
    for _ in range(n):
        counter += 1


def pause():
    pass


def with_a_call(n):
    global counter
    for _ in range(n):
        seen = counter
        pause()  # CPython may switch threads when a call starts: between the read and the write
        counter = seen + 1


def run(worker, n):
    global counter
    counter = 0
    threads = [threading.Thread(target=worker, args=(n,)) for _ in range(2)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return counter, time.perf_counter() - started


def main():
    try:
        n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
        if n <= 0:
            raise ValueError
    except ValueError:
        sys.exit("usage: counter_race.py [INCREMENTS > 0]")
    interval = sys.getswitchinterval()
    results = []
    for name, worker in [("counter += 1", plain), ("read, call, write", with_a_call)]:
        total, seconds = run(worker, n)
        lost = 2 * n - total
        results.append(
            f"{name:22} expected {2 * n}, got {total}, lost {lost} ({100 * lost / (2 * n):.1f}%)"
            f" in {seconds * 1000:.0f} ms = {seconds / interval:.0f} switch intervals"
        )
    # After the loops: the interpreter line says whether the GIL was still off once they ran.
    print(describe())
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    print(f"CPython's thread switch interval: {interval * 1000:.1f} ms"
          f"{'' if gil else ' (it paces the GIL, which is off here: the threads run at once)'}")
    print("\n".join(results))


if __name__ == "__main__":
    main()
