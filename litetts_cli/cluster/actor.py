"""The Ray actor that holds one engine: loaded once, fed chunk job after chunk job.

Plain Python; :mod:`litetts_cli.cluster.backend` wraps it with ``ray.remote`` and its
restart and retry options. It runs the same :class:`ChunkRenderer` as a local worker,
without a cache: the driver owns the cache. Only small values cross the network:
a job in; 16-bit samples out, which is what the driver's cache stores anyway, so the
book is the same as a local run's, bit for bit.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from litetts_cli import audio as pcm
from litetts_cli.engine.engine import Engine, EngineOptions
from litetts_cli.engine.jobs import ChunkJob, WorkerSnapshot
from litetts_cli.engine.render import ChunkRenderer, VoiceTable, snapshot
from litetts_cli.engine.voices import STYLE_DIM, Voice
from litetts_cli.errors import ClusterError, LitettsError, VoiceNotFound


def to_pcm16(audio: np.ndarray) -> np.ndarray:
    """int16 samples, scaled as the chunk cache stores them (:mod:`litetts_cli.audio`)."""
    return np.frombuffer(pcm.to_pcm16(audio), dtype="<i2")


def from_pcm16(samples: np.ndarray) -> np.ndarray:
    return pcm.from_pcm16(np.asarray(samples, dtype="<i2").tobytes())


@dataclass(frozen=True)
class ActorSpec:
    """What every actor loads once: the model (by checksum; its bytes travel in Ray's
    object store) and the engine options."""

    model_sha256: str
    engine: EngineOptions
    model_id: str
    gpu: bool = False
    """The torch engine on the GPU Ray assigned this actor, instead of ONNX Runtime on CPUs."""


@dataclass(frozen=True)
class ActorHello:
    worker: WorkerSnapshot
    node: str
    gpu_ids: list[str]
    """The GPUs Ray assigned (``ray.get_gpu_ids()``; also ``CUDA_VISIBLE_DEVICES``)."""
    problem: str = ""
    """Why the engine could not load (one line), empty when it did."""


@dataclass(frozen=True)
class ActorReply:
    id: object
    pcm: np.ndarray
    """int16 samples at 24 kHz."""
    status: str
    detail: str
    durations: np.ndarray | None
    worker: WorkerSnapshot
    node: str


def gpu_backend(path: Path, spec: ActorSpec, node: str, gpu_ids: list[str]):
    """The torch engine on the GPU Ray gave this actor. Ray sets ``CUDA_VISIBLE_DEVICES``
    to it, so it is ``cuda:0`` here; a logical GPU with no CUDA behind it is an error,
    never a silent CPU run."""
    from litetts_cli.engine.torch_backend import TorchBackend
    from litetts_cli.engine.torch_engine import TorchEngine, cuda_available

    if not cuda_available():
        raise ClusterError(
            f"Ray gave an engine GPU {','.join(gpu_ids) or '?'} on node {node[:12]}, but PyTorch there "
            "sees no CUDA device",
            hint="install a CUDA build of torch on the GPU nodes, or use --device cpu",
        )
    backend = TorchBackend(TorchEngine(path, "cuda:0"), VoiceTable(), None, spec.model_id)
    backend.warm_up()  # its fused kernels compiled now, as a local GPU run does, not in the first calls
    return backend


def node_model_file(sha256: str, fetch) -> Path:
    """The model on this node's disk, written once per node from ``fetch()`` bytes.

    Actors on one node (and an actor Ray restarts) share the file, so the 90 MB model
    crosses the network once per node, not once per actor.
    """
    folder = Path(tempfile.gettempdir()) / "litetts-ray-models"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sha256}.onnx"
    if path.is_file():
        return path
    data = fetch()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError("the model bytes sent to this node do not match their checksum")
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)
    return path


class SynthActor:
    """One engine on a Ray node, loaded by the first call that arrives.

    The model and the voices come as object references inside each call's arguments
    (boxed, so Ray fetches nothing by itself): only a node without the model on disk
    asks the object store for it, once, and a voice is fetched the first time an actor
    meets it. They ride with the calls rather than the constructor because Ray restarts
    an actor with its constructor's arguments, which must then not live in the object
    store (ray-project/ray#53727); the call Ray retries on the restarted actor brings them.
    """

    def __init__(self, spec: ActorSpec):
        import ray

        self.spec = spec
        self.renderer: ChunkRenderer | None = None
        """A CPU engine's renderer, or a GPU's TorchBackend (both hold ``voices``)."""
        self.load_seconds = 0.0
        self.node = ray.get_runtime_context().get_node_id()
        self.gpu_ids = [str(i) for i in ray.get_gpu_ids()]

    def _load(self, model_box: list) -> None:
        import ray

        started = time.perf_counter()
        path = node_model_file(self.spec.model_sha256, lambda: ray.get(model_box[0]))
        if self.spec.gpu:
            self.renderer = gpu_backend(path, self.spec, self.node, self.gpu_ids)
        else:
            self.renderer = ChunkRenderer(Engine(path, self.spec.engine), VoiceTable(), None, self.spec.model_id)
        self.load_seconds = time.perf_counter() - started

    def hello(self, model_box: list) -> ActorHello:
        """Load the engine now; a reason instead when it cannot load."""
        problem = ""
        if self.renderer is None:
            try:
                self._load(model_box)
            except LitettsError as error:
                problem = error.one_line()
        return ActorHello(snapshot(self.load_seconds), self.node, self.gpu_ids, problem)

    def render(self, jobs: list[ChunkJob], voice_box: dict, model_box: list) -> list[ActorReply]:
        """Several jobs per call on a GPU (one batch of the torch engine), one on a CPU."""
        import ray

        if self.renderer is None:
            self._load(model_box)
        voices = self.renderer.voices
        for name in {job.voice for job in jobs}:
            try:
                voices.get(name)
            except VoiceNotFound:  # not met yet: its pack is in the box
                pack = np.frombuffer(ray.get(voice_box[name]), dtype=np.float32).reshape(-1, STYLE_DIM)
                voices.add(Voice(name, pack, ""))
        jobs = [replace(job, cache_key="", return_audio=True) for job in jobs]
        if self.spec.gpu:
            for job in jobs:
                self.renderer.submit(job)
            results = [self.renderer.next_result() for _ in jobs]
        else:
            results = [self.renderer.render(job) for job in jobs]
        worker = snapshot(self.load_seconds)
        return [ActorReply(result.id, to_pcm16(result.audio if result.audio is not None else np.zeros(0, np.float32)),
                           result.status, result.detail, result.durations, worker, self.node) for result in results]

    def where(self) -> tuple[str, int]:
        """(node id, process id): for tests and diagnostics."""
        return self.node, os.getpid()
