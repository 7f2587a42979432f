"""A start-up timeline, printed to stderr when HOTLINE_DESK_STARTUP_TRACE is set.

Each mark gives the milliseconds since the process began (from /proc on Linux, else
since this module was imported) so that the interpreter's own start counts too.
With HOTLINE_DESK_STARTUP_TRACE=modules the ready mark also lists the top-level
packages imported by then, to see what the first paint pulled in.
"""

from __future__ import annotations

import os
import sys
import time

_MODE = os.environ.get("HOTLINE_DESK_STARTUP_TRACE", "")


def _process_start() -> float:
    """perf_counter's value when the process began (best effort)."""
    now = time.perf_counter()
    try:
        with open("/proc/self/stat") as stat:
            ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime") as uptime:
            up = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return now
    return now - (up - ticks / os.sysconf("SC_CLK_TCK"))


_START = _process_start() if _MODE else 0.0


def mark(label: str) -> None:
    if not _MODE:
        return
    elapsed = (time.perf_counter() - _START) * 1000
    cpu = time.process_time() * 1000
    print(f"startup {elapsed:7.0f} ms  cpu {cpu:6.0f} ms  {label}", file=sys.stderr)
    if _MODE == "modules" and label == "ready":
        tops = sorted({name.split(".")[0] for name in sys.modules})
        print(
            f"startup modules ({len(sys.modules)}): {' '.join(tops)}", file=sys.stderr
        )
