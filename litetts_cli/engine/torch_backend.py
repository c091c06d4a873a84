"""A synthesis backend that runs chunk jobs on one torch engine, in batches.

The pool keeps a window of jobs in flight; this backend holds them until the pool asks
for a result, answers cache hits at once, and synthesizes the rest together, shortest
first, in batches of similar length (``torch_engine.length_batches``). Every take is
checked as the ONNX backends check theirs; a bad one is re-synthesized alone through
:func:`synthesize_checked`. Results carry per-token durations in samples.
"""

from __future__ import annotations

import os
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Sequence

import numpy as np

from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup, WorkerSnapshot
from litetts_cli.engine.render import VoiceTable, check_audio, snapshot, synthesize_checked
from litetts_cli.engine.torch_blocks import warm_fused
from litetts_cli.engine.torch_engine import BatchItem, TorchEngine, length_batches
from litetts_cli.engine.torch_vocoder import SAMPLES_PER_FRAME
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.store.cache import AudioCache

MAX_BATCH = 64
"""Chunks per model call on a GPU; the H200 benchmark (benchmarks/gpu/) picks it."""
MAX_BATCH_TOKENS = 16_384
"""Padded tokens per model call, which bounds GPU memory for long chunks."""
GPU_WINDOW = 1024
"""Jobs held in flight on a GPU: about ten chapters of a novel, sorted by length
together, so batches come out full and even (a chapter alone fills few, uneven ones)
while finished chapters still stream out for encoding."""


class TorchBackend:
    """One :class:`TorchEngine`; ``workers`` is its batch size, and ``window`` the jobs
    the pool keeps in flight (two batches' worth unless given).

    Finished takes are checked and written to the cache on a helper thread while the
    engine runs the next batch, so the GPU does not wait on the disk.
    """

    def __init__(self, engine: TorchEngine, voices: VoiceTable, cache: AudioCache | None = None,
                 model_id: str = "", load_seconds: float = 0.0, max_batch: int = MAX_BATCH,
                 max_tokens: int = MAX_BATCH_TOKENS, window: int | None = None):
        self.engine = engine
        self.voices = voices
        self.cache = cache
        self.model_id = model_id
        self.load_seconds = load_seconds
        self.max_batch = max_batch
        self.max_tokens = max_tokens
        self.workers = max_batch
        self.window = window or 2 * max_batch
        self.load_parts: dict[str, float] = {}
        """Seconds spent loading: reading the weights, and warming up on a GPU."""
        self._pending: list[ChunkJob] = []
        self._ready: deque = deque()
        self._finisher = ThreadPoolExecutor(1, thread_name_prefix="litetts-finish")

    @classmethod
    def from_setup(cls, setup: PoolSetup, workers: int) -> TorchBackend:
        started = time.perf_counter()
        engine = TorchEngine(Path(setup.model_path), setup.device)
        weights = time.perf_counter() - started
        voices = VoiceTable.from_packs(setup.voices, setup.voices_dir, setup.custom_voices_dir)
        cache = AudioCache(Path(setup.cache_dir)) if setup.cache_dir else None
        gpu = setup.device.startswith("cuda")
        batch = MAX_BATCH if gpu else max(1, min(workers, 8))
        backend = cls(engine, voices, cache, setup.model_id, 0.0, batch, window=GPU_WINDOW if gpu else None)
        if gpu:
            backend.warm_up()
        backend.load_seconds = time.perf_counter() - started
        backend.load_parts = {"weights": weights, **engine.load_parts, "warm-up": backend.load_seconds - weights}
        return backend

    def warm_up(self) -> None:
        """Compile the fused kernels now (two shapes: the second makes them dynamic),
        rather than inside the first batches of the book."""
        warm_fused(self.engine.device)
        for rows, tokens in ((2, 12), (3, 40)):
            style = np.zeros(256, dtype=np.float32)
            self.engine.synthesize_batch([BatchItem([16 + (i % 40) for i in range(tokens)], style)] * rows)

    def start(self) -> list[WorkerSnapshot]:
        return [snapshot(self.load_seconds)]

    def submit(self, job: ChunkJob) -> None:
        self._pending.append(job)

    def next_result(self) -> ChunkResult:
        if not self._ready:
            self._run_pending()
        item = self._ready.popleft()
        if isinstance(item, BaseException):
            raise item
        return replace(item, worker=snapshot(self.load_seconds))

    def _run_pending(self) -> None:
        jobs, self._pending = self._pending, []
        to_render = []
        for job in jobs:
            cached = self.cache.get(job.cache_key) if (job.cache_key and self.cache is not None) else None
            if cached is not None:
                self._ready.append(ChunkResult(job.id, int(cached.size), "cached",
                                               audio=cached if job.return_audio else None))
            else:
                to_render.append(job)
        ids = [to_ids(job.phonemes) for job in to_render]
        empty = [i for i, chunk_ids in enumerate(ids) if not chunk_ids]
        for i in empty:
            self._finish(to_render[i], np.zeros(0, dtype=np.float32), "ok", "", None)
        todo = [i for i in range(len(to_render)) if ids[i]]
        counts = [len(ids[i]) for i in todo]
        finishing: list[Future] = []
        for batch in length_batches(counts, self.max_batch, self.max_tokens):
            rows = [todo[b] for b in batch]
            try:
                items = []
                for row in rows:
                    voice = self.voices.get(to_render[row].voice)
                    items.append(BatchItem(ids[row], voice.style_for(len(ids[row])), to_render[row].speed))
                outputs = self.engine.synthesize_batch(items)
            except Exception as exc:  # handed to the caller of next_result, never lost
                self._ready.append(exc)
                continue
            done = [(to_render[row], len(ids[row]), out) for row, out in zip(rows, outputs)]
            finishing.append(self._finisher.submit(self._finish_batch, done))
        bad: list[ChunkJob] = []
        for future in finishing:
            try:
                bad.extend(future.result())
            except Exception as exc:
                self._ready.append(exc)
        for job in bad:  # here, not on the helper thread: one thread drives the engine
            audio, status, detail, durations = synthesize_checked(self.engine, self.voices.get(job.voice),
                                                                  job.phonemes, job.speed)
            self._finish(job, audio, status, detail, durations)

    def _finish_batch(self, done: list) -> list[ChunkJob]:
        """Check each take of a batch and cache the good ones; return the bad ones."""
        bad = []
        for job, token_count, out in done:
            problem = check_audio(out.audio, token_count, job.speed) if job.retry_bad_takes else ""
            if problem:
                bad.append(job)
            else:
                self._finish(job, out.audio, "ok", "", out.durations * SAMPLES_PER_FRAME)
        return bad

    def _finish(self, job: ChunkJob, audio, status: str, detail: str, durations) -> None:
        if job.cache_key and self.cache is not None:
            voice = self.voices.get(job.voice)
            self.cache.put(job.cache_key, audio, model=self.model_id[:16], voice=voice.name, speed=job.speed)
        self._ready.append(ChunkResult(job.id, int(audio.size), status, detail,
                                       audio=audio if job.return_audio else None, durations=durations))

    def pids(self) -> Sequence[int]:
        return [os.getpid()]

    def close(self) -> None:
        self._pending.clear()
        self._finisher.shutdown(wait=True)
