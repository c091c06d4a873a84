"""A pool of worker processes, each owning one Engine loaded once and reused.

Built on joblib's loky executor (robust to a worker dying, reusable, with an
initializer), so only small values cross process boundaries: a :class:`ChunkJob` in,
a :class:`ChunkResult` out. The audio itself goes through the on-disk chunk cache,
which keeps the parent's memory flat however long the book is and makes every
finished chunk survive a crash.
"""

from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import numpy as np

from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.engine.voices import Voice
from litetts_cli.store.cache import AudioCache, chunk_key

SAMPLES_PER_TOKEN_RANGE = (150.0, 4000.0)
"""Plausible audio samples per phoneme token at speed 1 (Kokoro speaks ~12-16 tokens a
second, i.e. ~1,500-2,000 samples a token; pauses and slow words widen the range)."""
SILENCE_RMS = 1e-3
WORKER_GROWTH_LIMIT = 2_000_000_000
"""Bytes a worker may grow past its size after its first chunk before loky restarts it."""


@dataclass(frozen=True)
class WorkerConfig:
    """Everything a worker needs to build its engine; sent once per worker."""

    model_path: str
    engine: EngineOptions
    voice_name: str
    voice_pack: bytes
    speed: float
    model_id: str
    cache_dir: str


@dataclass(frozen=True)
class ChunkJob:
    id: int
    phonemes: str


@dataclass(frozen=True)
class ChunkResult:
    id: int
    samples: int
    status: str
    """"ok", "retried" (bad first take, fixed by a re-split), or "suspect" (still bad)."""
    detail: str = ""
    worker_pid: int = 0
    worker_rss: int = 0


_STATE: dict = {}


def _rss_bytes() -> int:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _die_with_parent() -> None:
    """Ask Linux to kill this worker when the process that started it dies.

    Without it, ``kill`` of the main process (not of its group) left workers
    synthesizing for a parent that was gone.
    """
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux/glibc: loky's own checks remain
        pass


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


def _init_worker(config: WorkerConfig) -> None:
    _die_with_parent()
    _allow_arena_growth()
    pack = np.frombuffer(config.voice_pack, dtype=np.float32).reshape(-1, 256)
    _STATE["engine"] = Engine(Path(config.model_path), config.engine)
    _STATE["voice"] = Voice(config.voice_name, pack, "")
    _STATE["config"] = config
    _STATE["cache"] = AudioCache(Path(config.cache_dir))


def check_audio(audio: np.ndarray, token_count: int, speed: float) -> str:
    """Empty string when audio length and level are plausible for the token count."""
    if audio.size == 0:
        return "no audio"
    rms = float(np.sqrt(np.mean(np.square(audio, dtype=np.float64))))
    if rms < SILENCE_RMS:
        return f"silent (rms {rms:.1e})"
    per_token = audio.size * speed / max(token_count, 1)
    low, high = SAMPLES_PER_TOKEN_RANGE
    if per_token < low:
        return f"too short ({audio.size / 24000:.2f} s for {token_count} tokens)"
    if per_token > high:
        return f"too long ({audio.size / 24000:.2f} s for {token_count} tokens)"
    return ""


def _split_phonemes(phonemes: str) -> list[str]:
    """Two halves at the space nearest the middle (never inside a word)."""
    middle = len(phonemes) // 2
    spaces = [i for i, ch in enumerate(phonemes) if ch == " "]
    if not spaces:
        return [phonemes]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [p for p in (phonemes[:cut].strip(), phonemes[cut:].strip()) if p]


def synthesize_checked(
    engine: Engine, voice: Voice, phonemes: str, speed: float
) -> tuple[np.ndarray, str, str]:
    """Synthesize, check the take, and retry once as two halves if it looks wrong."""
    from litetts_cli.g2p.tokens import to_ids

    ids = to_ids(phonemes)
    audio = engine.synthesize(ids, voice.style_for(len(ids)), speed)
    problem = check_audio(audio, len(ids), speed)
    if not problem:
        return audio, "ok", ""
    halves = _split_phonemes(phonemes)
    if len(halves) > 1:
        parts = []
        for half in halves:
            half_ids = to_ids(half)
            parts.append(engine.synthesize(half_ids, voice.style_for(len(half_ids)), speed))
        retry = np.concatenate(parts)
        if not check_audio(retry, len(ids), speed):
            return retry, "retried", problem
    return audio, "suspect", problem


def _render_job(job: ChunkJob) -> ChunkResult:
    config: WorkerConfig = _STATE["config"]
    audio, status, detail = synthesize_checked(_STATE["engine"], _STATE["voice"], job.phonemes, config.speed)
    _STATE["cache"].put(
        chunk_key(config.model_id, _voice_id(config), config.speed, job.phonemes),
        audio, model=config.model_id[:16], voice=config.voice_name, speed=config.speed,
    )
    return ChunkResult(job.id, int(audio.size), status, detail, os.getpid(), _rss_bytes())


def _voice_id(config: WorkerConfig) -> str:
    import hashlib

    cached = _STATE.get("voice_id")
    if cached is None:
        cached = _STATE["voice_id"] = hashlib.sha256(config.voice_pack).hexdigest()[:32]
    return cached


class EnginePool:
    """``workers`` processes, each with one engine; jobs run in any order, results stream."""

    def __init__(self, config: WorkerConfig, workers: int):
        from joblib.externals.loky import get_reusable_executor

        self.workers = max(1, workers)
        self._executor = get_reusable_executor(
            max_workers=self.workers, initializer=_init_worker, initargs=(config,), reuse=False,
            timeout=60,
        )

    def run(
        self, jobs: Iterable[ChunkJob], on_start: Callable[[ChunkJob], None] | None = None
    ) -> Iterator[ChunkResult]:
        """Submit jobs keeping a few in flight per worker; yield results as they finish."""
        pending: set[Future] = set()
        job_iter = iter(jobs)
        window = self.workers * 2
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                job = next(job_iter, None)
                if job is None:
                    exhausted = True
                    break
                if on_start:
                    on_start(job)
                pending.add(self._executor.submit(_render_job, job))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True, kill_workers=True)
