"""Benchmark worker processes: each owns one engine, loaded once, fed through a queue.

Workers are spawned (not forked) so each starts with clean ONNX Runtime and espeak-ng
state. Small values cross the process boundary: the engine spec once, then
``(task id, voice name, Chunk)`` in and ``(task id, samples, busy seconds)`` out. The
queue is shared, so a free worker takes the next chunk and the load balances itself.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from litetts_cli.bench.memory import cpu_seconds, peak_rss_bytes
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import LitettsError

READY_TIMEOUT = 300.0
"""Seconds a worker may take to load its model before the run gives up."""


class WorkerError(LitettsError):
    """A benchmark worker failed to load or died mid-run."""


@dataclass(frozen=True)
class EngineSpec:
    """What a litetts worker needs to build its engine and speakers."""

    model_path: str
    options: EngineOptions
    voices: dict[str, Voice]
    speed: float = 1.0
    cache_dir: str | None = None
    """Read and write this audio cache; None bypasses the cache."""
    model_id: str = ""


@dataclass
class WorkerStats:
    pid: int = 0
    load_seconds: float = 0.0
    peak_rss_bytes: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


WorkerMain = Callable[[int, Any, Any, Any], None]


def litetts_worker(worker_id: int, spec: EngineSpec, tasks, results) -> None:
    """Worker loop: one Engine and one Speaker per voice, rendering chunks until told to stop."""
    from litetts_cli.engine.engine import Engine
    from litetts_cli.speech import Speaker
    from litetts_cli.store.cache import AudioCache

    started = time.perf_counter()
    try:
        engine = Engine(Path(spec.model_path), spec.options)
        cache = AudioCache(Path(spec.cache_dir)) if spec.cache_dir else None
        speakers = {
            name: Speaker(engine, voice, spec.speed, cache=cache, model_id=spec.model_id)
            for name, voice in spec.voices.items()
        }
    except LitettsError as exc:
        results.put(("error", worker_id, exc.one_line()))
        return
    results.put(("ready", worker_id, os.getpid(), time.perf_counter() - started))
    while (task := tasks.get()) is not None:
        task_id, voice_name, chunk = task
        began = time.perf_counter()
        try:
            audio = speakers[voice_name].render(chunk)
        except Exception as exc:  # report any failure to the parent instead of hanging it
            results.put(("error", worker_id, f"chunk {chunk.index}: {type(exc).__name__}: {exc}"))
            return
        results.put(("done", worker_id, task_id, audio, time.perf_counter() - began))
    extra = {"cache_hits": cache.hits, "cache_misses": cache.misses} if cache is not None else {}
    results.put(("stopped", worker_id, peak_rss_bytes(), {**extra, "cpu_seconds": cpu_seconds()}))


class WorkerPool:
    """``count`` processes running ``target(worker_id, spec, tasks, results)``."""

    def __init__(self, target: WorkerMain, spec: Any, count: int, label: str = "worker"):
        context = multiprocessing.get_context("spawn")
        self.label = label
        self._tasks = context.Queue()
        self._results = context.Queue()
        self.stats = [WorkerStats() for _ in range(count)]
        self._processes = [
            context.Process(target=target, args=(i, spec, self._tasks, self._results), daemon=True)
            for i in range(count)
        ]
        for process in self._processes:
            process.start()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def pids(self) -> list[int]:
        # Only the started pids: the sampler thread must not poll (and so reap) children
        # that the main thread joins; a finished worker simply reads as no memory.
        return [p.pid for p in self._processes if p.pid is not None]

    def wait_ready(self, timeout: float = READY_TIMEOUT) -> list[float]:
        """Block until every worker loaded its model; returns load seconds per worker."""
        waiting = set(range(len(self._processes)))
        deadline = time.monotonic() + timeout
        while waiting:
            message = self._next(deadline)
            kind, worker_id = message[0], message[1]
            if kind == "ready":
                self.stats[worker_id].pid = message[2]
                self.stats[worker_id].load_seconds = message[3]
                waiting.discard(worker_id)
        return [s.load_seconds for s in self.stats]

    def run(self, tasks: Iterable[tuple]) -> tuple[list[Any], float]:
        """Run every task (a tuple the worker understands); results in task order, wall seconds.

        Tasks are queued as the iterable yields them, so workers start on the first one
        while the rest are still being planned.
        """
        started = time.perf_counter()
        count = 0
        for task in tasks:
            self._tasks.put((count, *task))
            count += 1
        results: dict[int, Any] = {}
        deadline = time.monotonic() + READY_TIMEOUT + 60.0 * count
        while len(results) < count:
            message = self._next(deadline)
            if message[0] == "done":
                results[message[2]] = message[3]
        return [results[i] for i in range(count)], time.perf_counter() - started

    def close(self) -> list[WorkerStats]:
        """Stop the workers and collect their peak RSS and counters."""
        if self._closed:
            return self.stats
        self._closed = True
        for _ in self._processes:
            self._tasks.put(None)
        waiting = set(range(len(self._processes)))
        deadline = time.monotonic() + 60.0
        try:
            while waiting:
                message = self._next(deadline)
                if message[0] == "stopped":
                    stats = self.stats[message[1]]
                    stats.peak_rss_bytes = message[2]
                    stats.extra = message[3]
                    waiting.discard(message[1])
        finally:
            self.terminate()
        return self.stats

    def terminate(self) -> None:
        self._closed = True
        for process in self._processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
        self._tasks.close()
        self._results.close()

    def _next(self, deadline: float) -> tuple:
        """The next message, failing loudly on a worker error, a dead worker or a timeout."""
        while True:
            try:
                message = self._results.get(timeout=0.5)
            except queue.Empty:
                dead = [p for p in self._processes if p.exitcode not in (None, 0)]
                if dead:
                    self.terminate()
                    raise WorkerError(
                        f"a {self.label} process died with exit code {dead[0].exitcode}",
                        hint="look for out-of-memory kills (dmesg) or run with fewer workers",
                    ) from None
                if time.monotonic() > deadline:
                    self.terminate()
                    raise WorkerError(f"{self.label} processes stopped answering", hint="run with fewer workers or a shorter text")
                continue
            if message[0] == "error":
                self.terminate()
                raise WorkerError(f"{self.label} {message[1]} failed: {message[2]}")
            return message

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        if not self._closed:
            self.terminate()

