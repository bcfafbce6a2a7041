"""The one line every baseline prints about where it ran."""
import os
import platform
import sys


def describe():
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next((l.split(":", 1)[1].strip() for l in info if l.startswith("model name")), "")
    except OSError:
        pass
    return (f"machine: {os.cpu_count()} logical CPUs, {platform.system()}/{platform.machine()}"
            f"{', ' + model if model else ''}; Python {platform.python_version()}"
            f" ({'GIL enabled' if gil else 'free-threaded, GIL disabled'})")
