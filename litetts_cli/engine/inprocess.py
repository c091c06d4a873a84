"""A backend of engine threads inside this process (``serve``, and tests).

ONNX Runtime releases the GIL while it runs, so one thread per engine keeps as many
cores busy as processes would, without a second copy of the model's loader state. Each
thread owns one :class:`ChunkRenderer`; the voice table and the cache are shared.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Sequence

from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup, WorkerSnapshot
from litetts_cli.engine.render import AudioEngine, ChunkRenderer, VoiceTable, snapshot
from litetts_cli.store.cache import AudioCache

_STOP = object()


class InProcessBackend:
    """``len(engines)`` threads, each rendering jobs on its own engine."""

    def __init__(self, engines: Sequence[AudioEngine], voices: VoiceTable, cache: AudioCache | None = None,
                 model_id: str = "", load_seconds: float = 0.0):
        self.renderers = [ChunkRenderer(engine, voices, cache, model_id) for engine in engines]
        self.workers = len(self.renderers)
        self.load_seconds = load_seconds
        self._jobs: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._threads: list[threading.Thread] = []

    @classmethod
    def from_setup(cls, setup: PoolSetup, workers: int) -> InProcessBackend:
        from litetts_cli.engine.engine import Engine

        started = time.perf_counter()
        engines = [Engine(Path(setup.model_path), setup.engine) for _ in range(max(1, workers))]
        voices = VoiceTable.from_packs(setup.voices, setup.voices_dir, setup.custom_voices_dir)
        cache = AudioCache(Path(setup.cache_dir)) if setup.cache_dir else None
        return cls(engines, voices, cache, setup.model_id, time.perf_counter() - started)

    def start(self) -> list[WorkerSnapshot]:
        for number, renderer in enumerate(self.renderers):
            thread = threading.Thread(target=self._serve, args=(renderer,), name=f"litetts-engine-{number}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        return [snapshot(self.load_seconds)]

    def _serve(self, renderer: ChunkRenderer) -> None:
        while (job := self._jobs.get()) is not _STOP:
            try:
                result = renderer.render(job)
            except Exception as exc:  # handed to the caller of next_result, never lost
                self._results.put(exc)
                continue
            self._results.put(replace(result, worker=snapshot(self.load_seconds)))

    def submit(self, job: ChunkJob) -> None:
        self._jobs.put(job)

    def next_result(self) -> ChunkResult:
        item = self._results.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def pids(self) -> Sequence[int]:
        return [os.getpid()]

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(_STOP)
        for thread in self._threads:
            thread.join()
        self._threads.clear()
