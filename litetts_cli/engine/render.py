"""Render one chunk job: cache lookup, synthesis, a check of the take, cache write.

The one place audio is synthesized and cached; every backend's worker runs a
:class:`ChunkRenderer` (one per engine), and ``Speaker.render`` and book assembly use
it too, so render-then-cache is written once.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.engine.jobs import ChunkJob, ChunkResult, WorkerSnapshot
from litetts_cli.engine.voices import STYLE_DIM, Voice, VoiceLibrary
from litetts_cli.errors import VoiceNotFound
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.store.cache import AudioCache

SAMPLES_PER_TOKEN_RANGE = (150.0, 4000.0)
"""Plausible audio samples per phoneme token at speed 1 (Kokoro speaks ~12-16 tokens a
second, i.e. ~1,500-2,000 samples a token; pauses and slow words widen the range)."""
SILENCE_RMS = 1e-3
EDGE_ALLOWANCE = SAMPLE_RATE
"""Samples a take may run past the per-token bound: the model's own silence at both ends,
which does not shrink with the text ("Passage", a title of 8 tokens, is 1.5 s)."""


class AudioEngine(Protocol):
    """What a renderer needs of an engine: the ONNX :class:`Engine`, or any other
    (a torch model on a GPU) with the same call."""

    def synthesize(self, token_ids: Sequence[int], style: np.ndarray, speed: float = 1.0) -> np.ndarray: ...


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
        return f"too short ({audio.size / SAMPLE_RATE:.2f} s for {token_count} tokens)"
    if audio.size * speed > high * max(token_count, 1) + EDGE_ALLOWANCE:
        return f"too long ({audio.size / SAMPLE_RATE:.2f} s for {token_count} tokens)"
    return ""


def split_phonemes(phonemes: str) -> list[str]:
    """Two halves at the space nearest the middle (never inside a word)."""
    middle = len(phonemes) // 2
    spaces = [i for i, ch in enumerate(phonemes) if ch == " "]
    if not spaces:
        return [phonemes]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return [p for p in (phonemes[:cut].strip(), phonemes[cut:].strip()) if p]


def synthesize_timed(engine: AudioEngine, ids: Sequence[int], voice: Voice, speed: float):
    """(audio, samples per token or None): exact durations from an engine that gives
    them (``Engine.synthesize_timed`` on a converted model), None from any other."""
    timed = getattr(engine, "synthesize_timed", None)
    if timed is not None:
        return timed(ids, voice.style_for(len(ids)), speed)
    return engine.synthesize(ids, voice.style_for(len(ids)), speed), None


def synthesize_checked(
    engine: AudioEngine, voice: Voice, phonemes: str, speed: float
) -> tuple[np.ndarray, str, str, np.ndarray | None]:
    """Synthesize, check the take, and retry once as two halves if it looks wrong.

    Returns audio, status, the problem found, and the samples per token (None for a
    re-split take: its two halves have their own padding)."""
    ids = to_ids(phonemes)
    audio, timing = synthesize_timed(engine, ids, voice, speed)
    problem = check_audio(audio, len(ids), speed)
    if not problem:
        return audio, "ok", "", timing
    halves = split_phonemes(phonemes)
    if len(halves) > 1:
        parts = []
        for half in halves:
            half_ids = to_ids(half)
            parts.append(engine.synthesize(half_ids, voice.style_for(len(half_ids)), speed))
        retry = np.concatenate(parts)
        if not check_audio(retry, len(ids), speed):
            return retry, "retried", problem, None
    return audio, "suspect", problem, timing


def voice_id(voice: Voice) -> str:
    """What names a voice's sound in cache keys: a hash of its style pack."""
    return hashlib.sha256(np.asarray(voice.pack, dtype=np.float32).tobytes()).hexdigest()[:32]


class VoiceTable:
    """Voices by spec: those handed over up front, others loaded from the store once.

    Thread-safe, since the in-process backend's engine threads share one table.
    """

    def __init__(self, voices: dict[str, Voice] | None = None, library: VoiceLibrary | None = None):
        self._voices = dict(voices or {})
        self._library = library
        self._lock = threading.Lock()

    @classmethod
    def from_packs(cls, packs: dict[str, bytes], voices_dir: str | None, custom_dir: str | None) -> VoiceTable:
        voices = {
            name: Voice(name, np.frombuffer(pack, dtype=np.float32).reshape(-1, STYLE_DIM), "")
            for name, pack in packs.items()
        }
        library = VoiceLibrary(Path(voices_dir), Path(custom_dir or voices_dir)) if voices_dir else None
        return cls(voices, library)

    def add(self, voice: Voice, name: str | None = None) -> None:
        with self._lock:
            self._voices[name or voice.name] = voice

    def get(self, spec: str) -> Voice:
        with self._lock:
            voice = self._voices.get(spec)
            if voice is None:
                if self._library is None:
                    raise VoiceNotFound(f"voice {spec!r} was not handed to this worker",
                                        hint="pass it in the pool's voice table")
                voice = self._voices[spec] = self._library.load(spec)
            return voice


class ChunkRenderer:
    """One engine rendering chunk jobs, with the voice table and the cache it writes."""

    def __init__(self, engine: AudioEngine | None, voices: VoiceTable, cache: AudioCache | None = None,
                 model_id: str = "", load_engine: Callable[[], AudioEngine] | None = None):
        self.engine = engine
        self._load_engine = load_engine
        """Builds the engine on the first job that needs synthesis (a book's assembly
        only synthesizes chunks whose cache entry went bad)."""
        self.voices = voices
        self.cache = cache
        self.model_id = model_id

    def render(self, job: ChunkJob) -> ChunkResult:
        """Audio for ``job``: from the cache when it has it, else synthesized and cached."""
        voice = self.voices.get(job.voice)
        caching = bool(job.cache_key) and self.cache is not None
        if caching:
            cached, timing = self.cache.get_timed(job.cache_key)
            if cached is not None:
                return ChunkResult(job.id, int(cached.size), "cached",
                                   audio=cached if job.return_audio else None, durations=timing)
        if self.engine is None and self._load_engine is not None:
            self.engine = self._load_engine()
        if self.engine is None:
            raise RuntimeError("this renderer has no engine (plan only)")
        ids = to_ids(job.phonemes)
        timing = None
        if not ids:
            audio, status, detail = np.zeros(0, dtype=np.float32), "ok", ""
        elif job.retry_bad_takes:
            audio, status, detail, timing = synthesize_checked(self.engine, voice, job.phonemes, job.speed)
        else:
            (audio, timing), status, detail = synthesize_timed(self.engine, ids, voice, job.speed), "ok", ""
        if caching:
            self.cache.put(job.cache_key, audio, model=self.model_id[:16], voice=voice.name, speed=job.speed,
                           durations=timing)
        return ChunkResult(job.id, int(audio.size), status, detail,
                           audio=audio if job.return_audio else None, durations=timing)


def snapshot(load_seconds: float) -> WorkerSnapshot:
    """This process's counters now (for per-worker memory and CPU in reports)."""
    from litetts_cli.host import cpu_seconds, peak_rss_bytes, rss_bytes

    return WorkerSnapshot(os.getpid(), load_seconds, rss_bytes() or 0, peak_rss_bytes(), cpu_seconds())


def timed(build) -> tuple[object, float]:
    """``build()`` and the seconds it took."""
    started = time.perf_counter()
    value = build()
    return value, time.perf_counter() - started
