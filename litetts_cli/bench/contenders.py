"""What a benchmark times: each layout (and the peer) as a live worker pool.

All contenders of one model and voice are loaded first, then their passes interleave:
warm-up round, then each measured round runs every contender once. On a shared machine
the background load drifts over minutes; interleaving spreads that drift over every
contender alike, so their ratios (2x1 against 1x2, litetts against the peer) stay fair
even when the absolute numbers do not.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.bench.memory import RssSampler, cpu_seconds, machine_busy_seconds
from litetts_cli.bench.pool import WorkerPool, WorkerStats
from litetts_cli.engine.engine import available_cores

Tasks = Callable[[], Iterable[tuple[int, tuple]]]
"""Yields ``(text index, task)`` for one pass over the recipe's texts."""


@dataclass
class Pass:
    wall_seconds: float
    audio_seconds: float
    chunks: int
    per_text: list[np.ndarray] | None = None
    """Audio of each text, kept for the first measured pass when quality is measured."""


class Contender:
    """One worker pool under test, with its own memory sampler."""

    def __init__(self, label: str, make_pool: Callable[[], WorkerPool], tasks: Tasks, texts: int,
                 sample_interval: float):
        self.label = label
        self._make_pool = make_pool
        self.pool: WorkerPool | None = None
        self.tasks = tasks
        self.texts = texts
        self.sampler = RssSampler(lambda: self.pool.pids if self.pool else [], sample_interval)
        self.passes: list[Pass] = []
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
        self.pool = self._make_pool()
        self.loads = self.pool.wait_ready()
        self.sampler.mark("loaded")

    def run(self, keep_audio: bool = False) -> Pass:
        owners: list[int] = []

        def tasks() -> Iterator[tuple]:
            for owner, task in self.tasks():
                owners.append(owner)
                yield task

        results, wall = self.pool.run(tasks())
        per_text = None
        if keep_audio:
            per_text = [
                np.concatenate([a for a, o in zip(results, owners) if o == n] or [np.zeros(0, np.float32)])
                for n in range(self.texts)
            ]
        return Pass(wall, sum(len(a) for a in results) / SAMPLE_RATE, len(results), per_text)

    def begin_measuring(self) -> None:
        self.after_warmup = self.sampler.mark("measured")

    def finish(self) -> None:
        """Read the final memory, stop the workers and collect their peaks and CPU time."""
        self.at_end = self.sampler.sample()
        self.workers = self.pool.close()
        self.stop()

    def stop(self) -> None:
        if self.pool is not None and not self.pool.closed:
            self.pool.terminate()
        if self._sampling:
            self._sampling = False
            self.sampler.__exit__(None, None, None)

    @property
    def worker_cpu_seconds(self) -> float:
        return sum(w.extra.get("cpu_seconds", 0.0) for w in self.workers)


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
