"""The one chunk-job API: what every synthesis backend takes in and gives back.

``book``, ``batch``, ``benchmark``, ``serve`` and ``synth`` all turn text into
:class:`ChunkJob` values (phonemes, a voice by name, a speed, where to cache the audio)
and read :class:`ChunkResult` values back. A backend (:class:`SynthesisBackend`) decides
where the model runs: worker processes on this machine (``engine.local``, the default),
threads of this process (``engine.inprocess``, for ``serve``), and later a GPU or a
cluster. Callers never learn which one runs their jobs; see docs/architecture.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Protocol, Sequence

import numpy as np

from litetts_cli.engine.engine import EngineOptions

JobId = Hashable
"""Any small picklable key, unique among one pool's outstanding jobs: a chunk index for
one book, ``(book, chunk index)`` for many."""


@dataclass(frozen=True)
class ChunkJob:
    """One chunk to synthesize. Small and picklable: it crosses process boundaries."""

    id: JobId
    phonemes: str
    voice: str
    """A voice spec (``af_heart``, a saved custom voice, a blend ``a:0.6,b:0.4``); the
    worker resolves it from its voice table, loading it from the store on first use."""
    speed: float = 1.0
    cache_key: str = ""
    """Where the audio goes in the chunk cache (and is looked up first); "" skips it."""
    return_audio: bool = False
    """Send the samples back in the result (``serve``, ``synth``); a book reads them
    from the cache instead, so only sizes cross the process boundary."""
    retry_bad_takes: bool = True
    """Check the take (length and level for its token count) and re-synthesize a bad
    one as two halves. Streaming callers turn it off to keep each chunk's latency bounded."""


@dataclass(frozen=True)
class ChunkResult:
    """What came of one :class:`ChunkJob`."""

    id: JobId
    samples: int
    """Length of the audio at 24 kHz."""
    status: str = "ok"
    """"ok", "cached" (found in the cache, not synthesized), "retried" (bad first take,
    fixed by a re-split), or "suspect" (still bad)."""
    detail: str = ""
    audio: np.ndarray | None = None
    """Float32 samples when the job asked for them."""
    durations: np.ndarray | None = None
    """Samples per input token when the engine can tell (for word timing); None otherwise."""
    worker: WorkerSnapshot | None = None


@dataclass(frozen=True)
class WorkerSnapshot:
    """A worker's counters when it finished a job (every value cumulative)."""

    pid: int
    load_seconds: float
    rss_bytes: int
    peak_rss_bytes: int
    cpu_seconds: float


@dataclass
class WorkerStats:
    """One worker over a pool's life, folded from its snapshots."""

    pid: int = 0
    load_seconds: float = 0.0
    first_rss_bytes: int = 0
    """Resident memory after its first job (its size before the arena grows)."""
    rss_bytes: int = 0
    peak_rss_bytes: int = 0
    cpu_seconds: float = 0.0
    jobs: int = 0


@dataclass(frozen=True)
class PoolSetup:
    """Everything a worker needs to build its engine; sent once per worker, never per job."""

    model_path: str
    engine: EngineOptions = field(default_factory=EngineOptions)
    model_id: str = ""
    """What names the model in cache entries (its sha256 when known)."""
    cache_dir: str | None = None
    """The chunk cache workers write to; None when no job carries a cache key."""
    voices: dict[str, bytes] = field(default_factory=dict)
    """Voice table sent up front: spec -> float32 style pack bytes (510 x 256)."""
    voices_dir: str | None = None
    custom_voices_dir: str | None = None
    device: str = "cpu"
    """Where the model runs: "cpu" (ONNX Runtime, or torch for the ``torch`` backend),
    "cuda" or "cuda:N" (the ``torch`` backend)."""
    """Where a worker loads a voice that is not in ``voices`` (the store's folders)."""


class SynthesisBackend(Protocol):
    """Where chunk jobs run. Implementations: ``engine.local.LocalProcessBackend``
    (worker processes, the default), ``engine.inprocess.InProcessBackend`` (threads).

    Jobs may finish in any order; results carry their job's id. A backend raises
    :class:`litetts_cli.errors.WorkerError` (with the worker's reason) when a worker
    cannot load or dies.
    """

    workers: int

    def start(self) -> list[WorkerSnapshot]:
        """Load every worker's engine; returns one snapshot per worker (pid, load seconds)."""

    def submit(self, job: ChunkJob) -> None:
        """Queue one job; returns at once."""

    def next_result(self) -> ChunkResult:
        """Block until one submitted job is done and return its result."""

    def pids(self) -> Sequence[int]:
        """Worker process ids (for memory sampling); this process's for in-process ones."""

    def close(self) -> None:
        """Stop the workers; idempotent."""

