"""What a benchmark times: each layout (and the peer) as a live worker pool.

All contenders of one model and voice are loaded first, then their passes interleave:
warm-up round, then each measured round runs every contender once. On a shared machine
the background load drifts over minutes; interleaving spreads that drift over every
contender alike, so their ratios (2x1 against 1x2, litetts against the peer) stay fair
even when the absolute numbers do not.
"""

from __future__ import annotations

import time
from typing import Callable, Iterable, Protocol, Sequence

from litetts_cli.bench.memory import RssSampler, cpu_seconds, machine_busy_seconds
from litetts_cli.bench.pool_runner import PassResult
from litetts_cli.engine.engine import available_cores
from litetts_cli.engine.jobs import WorkerStats

Texts = Callable[[], Iterable[tuple[int, object]]]
"""Yields ``(text index, what the runner speaks)`` for one pass over the recipe's texts."""


class Runner(Protocol):
    """A pool under test: ``PoolRunner`` (litetts, book's path) or ``PeerRunner``."""

    closed: bool

    def start(self) -> list[float]: ...
    def pids(self) -> Sequence[int]: ...
    def run(self, texts: Iterable[tuple[int, object]], keep_audio: bool, text_count: int) -> PassResult: ...
    def close(self) -> list[WorkerStats]: ...


class Contender:
    """One pool under test, with its own memory sampler."""

    def __init__(self, label: str, make_runner: Callable[[], Runner], texts: Texts, text_count: int,
                 sample_interval: float):
        self.label = label
        self._make_runner = make_runner
        self.runner: Runner | None = None
        self.texts = texts
        self.text_count = text_count
        self.sampler = RssSampler(lambda: self.runner.pids() if self.runner else [], sample_interval)
        self.passes: list[PassResult] = []
        self.loads: list[float] = []
        self.after_warmup = 0
        self.at_end = 0
        self.workers: list[WorkerStats] = []
        self._sampling = False

    def start(self) -> None:
        """Start the workers (one contender at a time, so loads do not overlap) and wait
        until every one has loaded its model."""
        self.sampler.__enter__()
        self._sampling = True
        self.runner = self._make_runner()
        self.loads = self.runner.start()
        self.sampler.mark("loaded")

    def run(self, keep_audio: bool = False) -> PassResult:
        return self.runner.run(self.texts(), keep_audio, self.text_count)

    def begin_measuring(self) -> None:
        self.after_warmup = self.sampler.mark("measured")

    def finish(self) -> None:
        """Read the final memory, stop the workers and collect their peaks and CPU time."""
        self.at_end = self.sampler.sample()
        self.workers = self.runner.close()
        self.stop()

    def stop(self) -> None:
        if self.runner is not None and not self.runner.closed:
            self.runner.close()
        if self._sampling:
            self._sampling = False
            self.sampler.__exit__(None, None, None)

    @property
    def worker_cpu_seconds(self) -> float:
        return sum(w.cpu_seconds for w in self.workers)


class BackgroundClock:
    """How much of the machine's CPU went to processes other than ours while measuring.

    On a shared machine a busy neighbour slows every layout (spinning threads most), so
    the report says how busy the machine was: 0 is idle, 1 is every core taken.
    """

    def __init__(self):
        self.started = time.perf_counter()
        self.busy = machine_busy_seconds()
        self.ours = cpu_seconds()

    def share(self, worker_cpu_seconds: float) -> float | None:
        busy = machine_busy_seconds()
        if busy is None or self.busy is None:
            return None
        ours = worker_cpu_seconds + cpu_seconds() - self.ours
        window = (time.perf_counter() - self.started) * available_cores()
        return round(min(1.0, max(0.0, (busy - self.busy - ours) / window)), 3) if window > 0 else None
