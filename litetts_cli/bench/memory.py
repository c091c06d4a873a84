"""Resident memory of processes (one-off readings, the peak, a sampler thread) and CPU
time, to tell how much of the machine other processes took during a measurement."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable, Sequence

MB = 1024 * 1024


def rss_bytes(pid: int) -> int | None:
    """Current resident set size of ``pid``, or None when it is gone."""
    statm = Path(f"/proc/{pid}/statm")
    if statm.parent.is_dir():
        try:
            return int(statm.read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            return None
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss
    except Exception:  # psutil missing, or the process is gone
        return None


def peak_rss_bytes() -> int:
    """This process's peak resident set size so far (VmHWM on Linux)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource
    import sys

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    times = os.times()
    return times.user + times.system


def machine_busy_seconds() -> float | None:
    """CPU time every process on the machine has used (``/proc/stat``), or None elsewhere."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not fields or fields[0] != "cpu":
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class RssSampler:
    """Samples the summed RSS of a changing set of processes every ``interval`` seconds.

    ``pids`` is called at each tick so worker processes that start later are included.
    ``samples`` holds ``(seconds since start, total bytes, bytes per pid)``.
    """

    def __init__(self, pids: Callable[[], Sequence[int]], interval: float = 0.1):
        self._pids = pids
        self.interval = interval
        self.samples: list[tuple[float, int, tuple[int, ...]]] = []
        self.marks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._started = 0.0

    def __enter__(self) -> RssSampler:
        self._started = time.perf_counter()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def sample(self) -> int:
        """Take one reading now; returns the total."""
        values = tuple(v for v in (rss_bytes(pid) for pid in self._pids()) if v is not None)
        total = sum(values)
        if values:
            self.samples.append((time.perf_counter() - self._started, total, values))
        return total

    def mark(self, name: str) -> int:
        """Note that a phase (``"measured"``) begins now, with a reading; returns the total."""
        self.marks[name] = round(time.perf_counter() - self._started, 3)
        return self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    @property
    def peak_total(self) -> int:
        return max((s[1] for s in self.samples), default=0)

    def timeline(self, max_points: int = 400) -> dict:
        """Seconds and total MB, thinned to at most ``max_points`` (peaks kept), and marks."""
        samples = self.samples
        if len(samples) > max_points:
            step = len(samples) / max_points
            thinned = []
            for i in range(max_points):
                window = samples[int(i * step) : int((i + 1) * step)] or [samples[-1]]
                thinned.append(max(window, key=lambda s: s[1]))
            samples = thinned
        return {
            "seconds": [round(s[0], 3) for s in samples],
            "rss_mb": [round(s[1] / MB, 1) for s in samples],
            "marks": dict(self.marks),
        }
