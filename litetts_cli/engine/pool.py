"""The engine pool: chunk jobs in, results out, on whichever backend runs the model.

:class:`EnginePool` is what ``book``, ``batch`` and ``benchmark`` hold. It keeps a few
jobs in flight per worker (so planning and synthesis overlap and memory stays bounded),
streams results as they finish, and folds each worker's counters into
:class:`WorkerStats`. Backends register by name in :data:`BACKENDS`; ``local`` (worker
processes) is the default and ``inprocess`` (threads of this process) serves ``serve``.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Sequence

from litetts_cli.engine.jobs import (
    ChunkJob, ChunkResult, PoolSetup, SynthesisBackend, WorkerSnapshot, WorkerStats,
)
from litetts_cli.errors import UsageError

BackendFactory = Callable[[PoolSetup, int], SynthesisBackend]


def _local(setup: PoolSetup, workers: int) -> SynthesisBackend:
    from litetts_cli.engine.local import LocalProcessBackend

    return LocalProcessBackend(setup, workers)


def _inprocess(setup: PoolSetup, workers: int) -> SynthesisBackend:
    from litetts_cli.engine.inprocess import InProcessBackend

    return InProcessBackend.from_setup(setup, workers)


def _torch(setup: PoolSetup, workers: int) -> SynthesisBackend:
    from litetts_cli.engine.torch_backend import TorchBackend

    return TorchBackend.from_setup(setup, workers)


BACKENDS: dict[str, BackendFactory] = {"local": _local, "inprocess": _inprocess, "torch": _torch}
"""Backend name -> factory. A new engine (a GPU, a cluster) adds itself here with
:func:`register_backend`; nothing that submits jobs changes."""
DEFAULT_BACKEND = "local"


def register_backend(name: str, factory: BackendFactory) -> None:
    BACKENDS[name] = factory


def open_backend(name: str, setup: PoolSetup, workers: int) -> SynthesisBackend:
    try:
        factory = BACKENDS[name]
    except KeyError:
        raise UsageError(f"unknown synthesis backend {name!r}", hint=f"use one of {', '.join(sorted(BACKENDS))}") from None
    return factory(setup, workers)


class EnginePool:
    """Chunk jobs run on a backend's workers; results stream back as they finish.

    Use as a context manager, or call :meth:`start` and :meth:`close`.
    """

    def __init__(self, backend: SynthesisBackend, in_flight_per_worker: int = 2):
        self.backend = backend
        # A backend that batches (the GPU) may ask for a wider window of its own.
        self.window = getattr(backend, "window", None) or max(1, backend.workers * in_flight_per_worker)
        self.stats: dict[int, WorkerStats] = {}
        self._started = False

    @classmethod
    def open(cls, setup: PoolSetup, workers: int, backend: str = DEFAULT_BACKEND) -> EnginePool:
        return cls(open_backend(backend, setup, workers))

    @property
    def workers(self) -> int:
        return self.backend.workers

    def start(self) -> list[WorkerStats]:
        """Load every worker's engine now (``run`` does it on first use otherwise)."""
        if not self._started:
            self._started = True
            for snap in self.backend.start():
                self._fold(snap, job_done=False)
        return list(self.stats.values())

    def run(
        self, jobs: Iterable[ChunkJob], on_start: Callable[[ChunkJob], None] | None = None
    ) -> Iterator[ChunkResult]:
        """Submit jobs keeping a few in flight per worker; yield results as they finish.

        ``jobs`` is consumed lazily, so a caller may plan while the workers synthesize.
        """
        self.start()
        job_iter = iter(jobs)
        in_flight = 0
        exhausted = False
        while in_flight or not exhausted:
            while not exhausted and in_flight < self.window:
                job = next(job_iter, None)
                if job is None:
                    exhausted = True
                    break
                if on_start:
                    on_start(job)
                self.backend.submit(job)
                in_flight += 1
            if not in_flight:
                break
            result = self.backend.next_result()
            in_flight -= 1
            if result.worker is not None:
                self._fold(result.worker, job_done=True)
            yield result

    def _fold(self, snap: WorkerSnapshot, job_done: bool) -> None:
        stats = self.stats.setdefault(snap.pid, WorkerStats(snap.pid, snap.load_seconds))
        if job_done:
            if not stats.jobs:
                stats.first_rss_bytes = snap.rss_bytes
            stats.jobs += 1
        stats.rss_bytes = snap.rss_bytes
        stats.peak_rss_bytes = max(stats.peak_rss_bytes, snap.peak_rss_bytes)
        stats.cpu_seconds = snap.cpu_seconds

    def pids(self) -> Sequence[int]:
        return self.backend.pids()

    def close(self) -> list[WorkerStats]:
        self.backend.close()
        return list(self.stats.values())

    def __enter__(self) -> EnginePool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
