"""The peer library, kokoro-onnx, run on the same model file, voices and texts.

Our speed is reported as a ratio to it (peer RTF / our RTF; above 1 means litetts is
faster). The peer gets the same number of cores as the configuration it is compared
with, as intra-op threads of one session, and is asked not to trim silence so both
sides are timed on the same audio.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from litetts_cli.bench.memory import cpu_seconds, peak_rss_bytes
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import LitettsError, UsageError

PEERS = ("kokoro-onnx",)
INSTALL_HINT = "pip install 'litetts[peer]'"


class PeerMissing(LitettsError):
    """The optional peer library is not installed."""


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


def peer_worker(worker_id: int, spec: PeerSpec, tasks, results) -> None:
    """Worker loop for kokoro-onnx: tasks are ``(task id, voice name, text)``."""
    started = time.perf_counter()
    try:
        import onnxruntime as ort
        from kokoro_onnx import Kokoro

        options = ort.SessionOptions()
        options.intra_op_num_threads = spec.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        session = ort.InferenceSession(spec.model_path, options, providers=["CPUExecutionProvider"])
        peer = Kokoro.from_session(session, spec.voices_path)
    except Exception as exc:  # any failure of a third-party library is reported, not hung on
        results.put(("error", worker_id, f"kokoro-onnx could not load: {type(exc).__name__}: {exc}"))
        return
    results.put(("ready", worker_id, os.getpid(), time.perf_counter() - started))
    while (task := tasks.get()) is not None:
        task_id, voice_name, text = task
        began = time.perf_counter()
        try:
            audio, _ = peer.create(text, voice=voice_name, speed=spec.speed,
                                   lang=spec.languages[voice_name], trim=False)
        except Exception as exc:
            results.put(("error", worker_id, f"kokoro-onnx failed: {type(exc).__name__}: {exc}"))
            return
        results.put(("done", worker_id, task_id, np.asarray(audio, dtype=np.float32), time.perf_counter() - began))
    results.put(("stopped", worker_id, peak_rss_bytes(), {"cpu_seconds": cpu_seconds()}))
