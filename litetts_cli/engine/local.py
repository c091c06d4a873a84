"""The default backend: worker processes on this machine, each owning one Engine.

Built on joblib's loky executor (robust to a worker dying, with an initializer that
runs once per worker), so only small values cross process boundaries: the
:class:`PoolSetup` once per worker, then a :class:`ChunkJob` in and a
:class:`ChunkResult` out. A book's audio goes through the on-disk chunk cache, which
keeps the parent's memory flat however long the book is and makes every finished chunk
survive a crash.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup, WorkerSnapshot
from litetts_cli.errors import LitettsError, WorkerError

WORKER_GROWTH_LIMIT = 2_000_000_000
"""Bytes a worker may grow past its size after its first chunk before loky restarts it."""
READY_TIMEOUT = 300.0
"""Seconds the workers may take to load their model before the run gives up."""
DEAD_WORKER_HINT = "look for out-of-memory kills (dmesg) or run with fewer workers"

_STATE: dict = {}
"""This worker process's renderer, load time, or the reason it could not load."""


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this worker when the process that started it dies.

    Without it, ``kill`` of the main process (not of its group) left workers
    synthesizing for a parent that was gone. The request only covers a death after
    it is made, so a parent already gone by then (killed while this worker was
    still starting Python) means exiting now.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux/glibc: loky's own checks remain
        return
    if os.getppid() != parent_pid:
        os._exit(1)


def _allow_arena_growth() -> None:
    """Keep loky from taking ONNX Runtime's arena for a leak.

    loky restarts a worker whose RSS grows more than 300 MB past its size after the
    first job. The engine's arena legitimately grows to fit the longest chunk it has
    seen (about 640 MB more for a 500-token chunk than for "Chapter one.") and then
    stays flat; the restart reloaded the model and printed a memory-leak warning.
    A real leak still trips the raised limit.
    """
    from joblib.externals.loky import process_executor

    if hasattr(process_executor, "_MAX_MEMORY_LEAK_SIZE"):
        process_executor._MAX_MEMORY_LEAK_SIZE = WORKER_GROWTH_LIMIT


def _init_worker(setup: PoolSetup, parent_pid: int) -> None:
    """Runs once in each worker: build its engine and renderer, or keep why it could not."""
    _die_with_parent(parent_pid)
    from litetts_cli.engine.engine import Engine
    from litetts_cli.engine.render import ChunkRenderer, VoiceTable
    from litetts_cli.store.cache import AudioCache

    _allow_arena_growth()
    started = time.perf_counter()
    try:
        engine = Engine(Path(setup.model_path), setup.engine)
    except LitettsError as exc:
        # Raising here would only break the pool with loky's own message; the first job
        # this worker takes reports the reason instead.
        _STATE["error"] = exc
        return
    voices = VoiceTable.from_packs(setup.voices, setup.voices_dir, setup.custom_voices_dir)
    cache = AudioCache(Path(setup.cache_dir)) if setup.cache_dir else None
    _STATE["renderer"] = ChunkRenderer(engine, voices, cache, setup.model_id)
    _STATE["load_seconds"] = time.perf_counter() - started


def _loaded() -> float:
    error = _STATE.get("error")
    if error is not None:
        raise WorkerError(f"a synthesis worker failed: {error.one_line()}")
    return _STATE["load_seconds"]


def _hello() -> WorkerSnapshot:
    """A worker's first answer: its pid and load time (a short nap lets the others answer)."""
    from litetts_cli.engine.render import snapshot

    load_seconds = _loaded()
    time.sleep(0.05)
    return snapshot(load_seconds)


def _render(job: ChunkJob) -> ChunkResult:
    from litetts_cli.engine.render import snapshot

    load_seconds = _loaded()
    result = _STATE["renderer"].render(job)
    return replace(result, worker=snapshot(load_seconds))


class LocalProcessBackend:
    """``workers`` loky processes, each with one engine loaded once and kept."""

    def __init__(self, setup: PoolSetup, workers: int):
        self.setup = setup
        self.workers = max(1, workers)
        self._executor = None
        self._pending: set[Future] = set()
        self._pids: list[int] = []

    def start(self) -> list[WorkerSnapshot]:
        from joblib.externals.loky import ProcessPoolExecutor

        # Its own executor, not loky's process-wide reusable one: several pools live at
        # once (a benchmark's layouts, a batch's books), and an idle worker keeps its engine.
        self._executor = ProcessPoolExecutor(
            max_workers=self.workers, initializer=_init_worker, initargs=(self.setup, os.getpid()), timeout=None,
        )
        return self._await_every_worker()

    def _await_every_worker(self) -> list[WorkerSnapshot]:
        """Greet the workers until each has answered once (loaded its model)."""
        seen: dict[int, WorkerSnapshot] = {}
        deadline = time.monotonic() + READY_TIMEOUT
        while len(seen) < self.workers:
            if time.monotonic() > deadline:
                raise WorkerError("synthesis workers did not load their model in time",
                                  hint="run with fewer workers")
            hellos = [self._executor.submit(_hello) for _ in range(self.workers - len(seen))]
            for future in hellos:
                answer = self._result(future)
                seen.setdefault(answer.pid, answer)
        self._pids = list(seen)
        return list(seen.values())

    def submit(self, job: ChunkJob) -> None:
        self._pending.add(self._executor.submit(_render, job))

    def next_result(self) -> ChunkResult:
        done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
        future = done.pop()
        self._pending.discard(future)
        return self._result(future)

    @staticmethod
    def _result(future: Future):
        from joblib.externals.loky.process_executor import BrokenProcessPool, TerminatedWorkerError

        try:
            return future.result()
        except TerminatedWorkerError as exc:
            raise WorkerError(f"a synthesis worker died ({exc.__class__.__name__})", hint=DEAD_WORKER_HINT) from None
        except BrokenProcessPool as exc:
            raise WorkerError(f"the synthesis workers broke down: {exc}", hint=DEAD_WORKER_HINT) from None

    def pids(self) -> Sequence[int]:
        # While the workers load, loky's own table is the only place their pids are
        # (memory sampling starts before the model loads); afterwards, those that answered.
        if self._pids:
            return list(self._pids)
        processes = getattr(self._executor, "_processes", None) or {}
        return list(processes)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, kill_workers=True)
            self._executor = None
        self._pending.clear()
