"""The server's memory and CPU from /proc (Linux), sampled in a background thread.

psutil is not a dependency: ``/proc/<pid>/status`` gives the resident set (VmRSS) and
``/proc/<pid>/stat`` the user and system CPU ticks of the process (all its threads).
"""

from __future__ import annotations

import os
import threading
import time

CLK_TCK = os.sysconf("SC_CLK_TCK")


def rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far, in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        raw = f.read()
    fields = raw[raw.rindex(")") + 2:].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14, 15)


def loadavg() -> float:
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Monitor:
    """Peak and last RSS of ``pid``, sampled every ``every`` seconds, at most ``max_s`` seconds."""

    def __init__(self, pid: int, every: float = 0.5, max_s: float = 900.0):
        self.pid, self.every, self.max_s = pid, every, max_s
        self.peak_mib = 0.0
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        t0 = time.monotonic()
        while not self._stop.is_set() and time.monotonic() - t0 < self.max_s:
            try:
                m = rss_mib(self.pid)
            except OSError:
                return
            self.peak_mib = max(self.peak_mib, m)
            self.samples.append((time.monotonic() - t0, m))
            self._stop.wait(self.every)

    def __enter__(self) -> "Monitor":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
