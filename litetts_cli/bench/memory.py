"""Resident memory of processes (one-off readings, the peak, a sampler thread) and CPU
time, to tell how much of the machine other processes took during a measurement."""

from __future__ import annotations

import threading
import time
from typing import Callable, Sequence

from litetts_cli.host import MB, cpu_seconds, machine_busy_seconds, peak_rss_bytes, rss_bytes

__all__ = ["MB", "RssSampler", "cpu_seconds", "machine_busy_seconds", "peak_rss_bytes", "rss_bytes"]


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
