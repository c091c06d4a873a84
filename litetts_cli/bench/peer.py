"""The peer library, kokoro-onnx, run on the same model file, voices and texts.

Our speed is reported as a ratio to it (peer RTF / our RTF; above 1 means litetts is
faster). The peer gets the same number of cores as the configuration it is compared
with, as intra-op threads of one session, and is asked not to trim silence so both
sides are timed on the same audio.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from litetts_cli.engine.jobs import WorkerSnapshot, WorkerStats
from litetts_cli.engine.render import snapshot
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import PeerMissing, UsageError, WorkerError

PEERS = ("kokoro-onnx",)
INSTALL_HINT = "pip install 'litetts[peer]'"



def check_peer(name: str) -> str:
    """The installed version of peer ``name``; raises when unknown or not installed."""
    if name not in PEERS:
        raise UsageError(f"unknown peer {name!r}", hint=f"use one of {', '.join(PEERS)}")
    try:
        import kokoro_onnx  # noqa: F401
    except ImportError:
        raise PeerMissing(
            "--peer kokoro-onnx needs the kokoro-onnx library, which is not installed",
            hint=INSTALL_HINT,
        ) from None
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kokoro-onnx")
    except PackageNotFoundError:  # pragma: no cover - importable but not installed as a dist
        return "unknown"


def write_voices_file(voices: dict[str, Voice], directory: Path) -> Path:
    """An ``.npz`` of our voice packs in the (510, 1, 256) layout kokoro-onnx indexes."""
    path = Path(directory) / "voices.npz"
    np.savez(path, **{name: voice.pack.reshape(-1, 1, voice.pack.shape[-1]) for name, voice in voices.items()})
    return path


@dataclass(frozen=True)
class PeerSpec:
    model_path: str
    voices_path: str
    threads: int
    languages: dict[str, str]
    """Voice name -> espeak-ng language, as our own voices use."""
    speed: float = 1.0


_PEER: dict = {}
"""The peer's model in its worker process, or why it could not load."""


def _load_peer(spec: PeerSpec) -> None:
    started = time.perf_counter()
    try:
        import onnxruntime as ort
        from kokoro_onnx import Kokoro

        options = ort.SessionOptions()
        options.intra_op_num_threads = spec.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(spec.model_path, options, providers=["CPUExecutionProvider"])
        _PEER["peer"] = Kokoro.from_session(session, spec.voices_path)
    except Exception as exc:  # any failure of a third-party library is reported, not hung on
        _PEER["error"] = f"kokoro-onnx could not load: {type(exc).__name__}: {exc}"
    _PEER["load_seconds"] = time.perf_counter() - started


def _peer_ready() -> WorkerSnapshot:
    if "error" in _PEER:
        raise WorkerError(_PEER["error"])
    return snapshot(_PEER["load_seconds"])


def _peer_speak(spec: PeerSpec, voice_name: str, text: str) -> tuple[np.ndarray, WorkerSnapshot]:
    _peer_ready()
    try:
        audio, _ = _PEER["peer"].create(text, voice=voice_name, speed=spec.speed,
                                        lang=spec.languages[voice_name], trim=False)
    except Exception as exc:
        raise WorkerError(f"kokoro-onnx failed: {type(exc).__name__}: {exc}") from None
    return np.asarray(audio, dtype=np.float32), snapshot(_PEER["load_seconds"])


class PeerRunner:
    """kokoro-onnx in one spawned process (clean ONNX Runtime state, its own memory)."""

    def __init__(self, spec: PeerSpec):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.spec = spec
        self._executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_load_peer, initargs=(spec,))
        self.stats = WorkerStats()
        self.closed = False

    def start(self) -> list[float]:
        ready = self._executor.submit(_peer_ready).result()
        self.stats = WorkerStats(ready.pid, ready.load_seconds, rss_bytes=ready.rss_bytes,
                                 peak_rss_bytes=ready.peak_rss_bytes, cpu_seconds=ready.cpu_seconds)
        return [ready.load_seconds]

    def pids(self) -> list[int]:
        processes = getattr(self._executor, "_processes", None) or {}
        return list(processes)

    def run(self, texts, keep_audio: bool, text_count: int):
        from litetts_cli.bench.pool_runner import PassResult

        started = time.perf_counter()
        futures = [self._executor.submit(_peer_speak, self.spec, voice, text) for _, (voice, text) in texts]
        audio = []
        for future in futures:
            samples, snap = future.result()
            audio.append(samples)
            self.stats.peak_rss_bytes = max(self.stats.peak_rss_bytes, snap.peak_rss_bytes)
            self.stats.cpu_seconds = snap.cpu_seconds
        wall = time.perf_counter() - started
        return PassResult(wall, sum(a.size for a in audio), len(audio), audio if keep_audio else None)

    def close(self) -> list[WorkerStats]:
        if not self.closed:
            self.closed = True
            self._executor.shutdown(wait=True, cancel_futures=True)
        return [self.stats]
