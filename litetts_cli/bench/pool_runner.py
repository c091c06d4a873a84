"""A layout under test on ``litetts book``'s own path: the engine pool, the chunker and
the chunk cache.

Each pass plans the recipe's texts into chunks (normalize, phonemize, chunk) while the
pool's workers synthesize them and write every chunk to the cache, as a book's do; only
sizes come back. Without the recipe's ``cache`` the cache is a private folder emptied
before every pass (what ``litetts book --no-cache`` does); with it, the user's cache,
so repeated passes measure hits.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.engine.chunking import Chunk
from litetts_cli.engine.jobs import PoolSetup, WorkerStats
from litetts_cli.engine.pool import DEFAULT_BACKEND, EnginePool
from litetts_cli.speech import Speaker
from litetts_cli.store.cache import AudioCache


class PassResult:
    """What one pass produced: audio seconds, chunk count, per-text audio if kept."""

    def __init__(self, wall_seconds: float, samples: int, chunks: int, per_text: list[np.ndarray] | None):
        self.wall_seconds = wall_seconds
        self.audio_seconds = samples / SAMPLE_RATE
        self.chunks = chunks
        self.per_text = per_text


class PoolRunner:
    """One :class:`EnginePool` (the backend ``book`` uses) fed by a planning Speaker."""

    def __init__(self, setup: PoolSetup, workers: int, planner: Speaker, shared_cache: Path | None,
                 backend: str = DEFAULT_BACKEND):
        self._private = None if shared_cache else Path(tempfile.mkdtemp(prefix="litetts-bench-cache-"))
        self.cache_root = shared_cache or self._private
        self.cache = AudioCache(self.cache_root)
        self.planner = Speaker(None, planner.voice, planner.speed, chunking=planner.chunking,
                               normalize=planner.normalize, cache=self.cache, model_id=setup.model_id)
        self.pool = EnginePool.open(replace(setup, cache_dir=str(self.cache_root)), workers, backend=backend)
        self.hits = 0
        self.misses = 0
        self.closed = False

    def start(self) -> list[float]:
        """Load every worker's model; returns each worker's load seconds."""
        return [w.load_seconds for w in self.pool.start()]

    def pids(self) -> Sequence[int]:
        return self.pool.pids()

    def run(self, texts: Iterable[tuple[int, str]], keep_audio: bool, text_count: int) -> PassResult:
        if self._private is not None:  # every pass synthesizes every chunk, as --no-cache does
            shutil.rmtree(self._private, ignore_errors=True)
            self._private.mkdir(parents=True)
        owners: dict[int, int] = {}
        chunks: dict[int, Chunk] = {}

        def jobs():
            for owner, text in texts:
                for chunk in self.planner.iter_chunks(text, start_index=len(chunks)):
                    owners[chunk.index], chunks[chunk.index] = owner, chunk
                    yield self.planner.job(chunk)

        started = time.perf_counter()
        samples = 0
        for result in self.pool.run(jobs()):
            samples += result.samples
            if self._private is None:
                if result.status == "cached":
                    self.hits += 1
                else:
                    self.misses += 1
        wall = time.perf_counter() - started
        per_text = self._read_back(chunks, owners, text_count) if keep_audio else None
        return PassResult(wall, samples, len(chunks), per_text)

    def _read_back(self, chunks: dict[int, Chunk], owners: dict[int, int], text_count: int) -> list[np.ndarray]:
        """Each text's audio, read back from the cache the workers wrote (as assembly does)."""
        per_text: list[list[np.ndarray]] = [[] for _ in range(text_count)]
        for index in sorted(chunks):
            audio = self.cache.get(self.planner.cache_key(chunks[index]))
            if audio is not None:
                per_text[owners[index]].append(audio)
        return [np.concatenate(parts) if parts else np.zeros(0, np.float32) for parts in per_text]

    def close(self) -> list[WorkerStats]:
        if self.closed:
            return list(self.pool.stats.values())
        self.closed = True
        try:
            return self.pool.close()
        finally:
            if self._private is not None:
                shutil.rmtree(self._private, ignore_errors=True)
