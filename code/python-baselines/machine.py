"""The two lines every baseline prints about where it ran: the machine, and the interpreter."""
import os
import platform
import sys
import sysconfig


def usable_cpus():
    """The logical CPUs this process may run on, as Rust's `available_parallelism` counts them.

    `os.cpu_count()` counts every logical CPU of the system, even those outside the process's
    affinity mask (a container or `taskset` can leave fewer).
    """
    if hasattr(os, "process_cpu_count"):  # 3.13 and later
        return os.process_cpu_count()
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count()


def describe():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((l.split(":", 1)[1].strip() for l in info if l.startswith("model name")), "")
    except OSError:
        pass
    return (f"machine: {usable_cpus()} logical CPUs, {platform.system()}/{platform.machine()}"
            f"{', ' + model if model else ''}; Python {platform.python_version()}"
            f" ({'GIL enabled' if gil else 'free-threaded, GIL disabled'})\n{interpreter()}")


def interpreter():
    """Which interpreter ran, which build it is, and whether the GIL is on at this moment.

    A free-threaded build can run with the GIL: from the start (PYTHON_GIL=1 or -X gil=1), or from
    the import of a C extension that does not declare support for running without it, which turns
    the GIL back on. So the baselines call this after their work, not before it.
    """
    build = "free-threaded build" if sysconfig.get_config_var("Py_GIL_DISABLED") else "default build"
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    gil = (f"sys._is_gil_enabled() = {is_gil_enabled()}" if is_gil_enabled
           else "no sys._is_gil_enabled() before 3.13: the GIL is always enabled")
    name = os.path.basename(sys.executable) or "python"
    return (f"interpreter: {name}, {platform.python_implementation()} {platform.python_version()},"
            f" {build}; {gil}")
