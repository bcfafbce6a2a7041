"""N threads that all wait on one event; the process's virtual and resident size while they wait."""
import sys
import threading

from machine import describe


def status(field):
    with open("/proc/self/status", encoding="utf-8") as file:
        for line in file:
            if line.startswith(field + ":"):
                return int(line.split()[1])  # kB
    raise KeyError(field)


def main():
    try:
        count = int(sys.argv[1]) if len(sys.argv) > 1 else 100
        if not 0 < count <= 12_000:
            raise ValueError
    except ValueError:
        sys.exit("usage: thread_memory.py [THREADS, 1..12000]")
    try:
        before_virtual, before_resident = status("VmSize"), status("VmRSS")
    except OSError:
        sys.exit("thread_memory.py: needs Linux's /proc/self/status")
    release = threading.Event()
    threads = [threading.Thread(target=release.wait, args=(60,)) for _ in range(count)]
    for thread in threads:
        thread.start()
    virtual, resident = status("VmSize"), status("VmRSS")
    release.set()
    for thread in threads:
        thread.join()
    print(describe())
    print(f"{count} waiting threads")
    print(f"virtual size:  {virtual / 1024 / 1024:8.2f} GiB (before: {before_virtual / 1024:.1f} MiB)")
    print(f"resident size: {resident / 1024:8.1f} MiB (before: {before_resident / 1024:.1f} MiB)")
    print(f"resident per thread: {(resident - before_resident) / count:.1f} KiB")


if __name__ == "__main__":
    main()
