"""The engine pool's Ray backend: long-lived actors hold the engines, the driver the rest.

The driver (the process running ``litetts book``/``batch``) plans, owns the chunk
cache, assembles and encodes; actors only turn chunk jobs into samples. Recovery is
Ray's: an actor whose process dies is restarted (loading its model again, from its
node's disk) and the calls it had in flight are retried on it, so a lost process costs
a few chunks of time, not the batch. Nothing needs a filesystem shared between nodes:
the model and voices go through Ray's object store and audio comes back as results.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Sequence

import numpy as np

from litetts_cli.cluster.actor import ActorSpec, SynthActor, from_pcm16
from litetts_cli.cluster.connect import connect, cpu_slots, import_ray
from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup, WorkerSnapshot
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.errors import ClusterError
from litetts_cli.store.cache import AudioCache

MAX_RESTARTS = 4
"""Times Ray restarts one actor whose process died before the run gives up."""
MAX_TASK_RETRIES = 4
"""Times Ray re-sends a call whose actor died while running it."""
RETRY_HINT = "`ray logs` on the node says more; finished chunks are cached: run the same command again"


class RayBackend:
    """``workers`` actors on the cluster at ``address`` (default: one per ``threads`` CPUs)."""

    def __init__(self, setup: PoolSetup, address: str, workers: int | None = None, limit: int | None = None):
        self._owns_connection = not import_ray().is_initialized()
        self._ray = ray = connect(address)
        self.setup = setup
        self.address = address
        threads = setup.engine.threads or 1
        count = workers or cpu_slots(ray) // threads
        if count < 1:
            raise ClusterError(
                f"the Ray cluster at {address} has {cpu_slots(ray)} CPUs, fewer than the {threads} "
                "threads one engine asks for",
                hint="lower --threads, or add nodes with `ray start --address`",
            )
        self.workers = min(count, limit) if limit else count
        self.threads = threads
        self._cache = AudioCache(Path(setup.cache_dir)) if setup.cache_dir else None
        self._library = VoiceLibrary(Path(setup.voices_dir), Path(setup.custom_voices_dir or setup.voices_dir)) \
            if setup.voices_dir else None
        self._voice_refs: dict[str, object] = {}
        self._pending: dict = {}
        self.actors: list = []
        self._load: list[int] = []

    def start(self) -> list[WorkerSnapshot]:
        ray = self._ray
        model = Path(self.setup.model_path).read_bytes()
        # The driver holds these references for the pool's life, so a restarted actor
        # still finds the model in the object store.
        self._model_box = [ray.put(model)]
        spec = ActorSpec(hashlib.sha256(model).hexdigest(), self.setup.engine, self.setup.model_id)
        remote = ray.remote(
            num_cpus=self.threads, max_restarts=MAX_RESTARTS, max_task_retries=MAX_TASK_RETRIES,
            scheduling_strategy="SPREAD",
        )(SynthActor)
        self.actors = [remote.remote(spec) for _ in range(self.workers)]
        self._load = [0] * self.workers
        answers = self._get([actor.hello.remote(self._model_box) for actor in self.actors])
        return [snap for snap, _ in answers]

    def _voice_box(self, name: str) -> dict:
        ref = self._voice_refs.get(name)
        if ref is None:
            pack = self.setup.voices.get(name)
            if pack is None:
                if self._library is None:
                    raise ClusterError(f"voice {name!r} was not handed to the pool", hint="pass it in the pool's voices")
                pack = self._library.load(name).pack.astype(np.float32).tobytes()
            ref = self._voice_refs[name] = self._ray.put(pack)
        return {name: ref}

    def submit(self, job: ChunkJob) -> None:
        slot = self._load.index(min(self._load))
        ref = self.actors[slot].render.remote(job, self._voice_box(job.voice), self._model_box)
        self._pending[ref] = (job, slot)
        self._load[slot] += 1

    def next_result(self) -> ChunkResult:
        ready, _ = self._ray.wait(list(self._pending), num_returns=1)
        job, slot = self._pending.pop(ready[0])
        self._load[slot] -= 1
        reply = self._get(ready[0])
        audio = from_pcm16(reply.pcm)
        if job.cache_key and self._cache is not None:
            self._cache.put(job.cache_key, audio, model=self.setup.model_id[:16], voice=job.voice, speed=job.speed)
        return ChunkResult(job.id, int(audio.size), reply.status, reply.detail,
                           audio=audio if job.return_audio else None, durations=reply.durations,
                           worker=reply.worker)

    def _get(self, refs):
        try:
            return self._ray.get(refs)
        except self._ray.exceptions.RayError as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            raise ClusterError(f"synthesis failed on the Ray cluster: {lines[-1] if lines else type(exc).__name__}",
                               hint=RETRY_HINT) from None

    def pids(self) -> Sequence[int]:
        return []  # the actors' processes live on other machines

    def where(self) -> list[tuple[str, int]]:
        """(node id, process id) of each actor, for tests and diagnostics."""
        return self._get([actor.where.remote() for actor in self.actors])

    def close(self) -> None:
        for actor in self.actors:
            self._ray.kill(actor, no_restart=True)
        self.actors = []
        self._pending.clear()
        if self._owns_connection and self._ray.is_initialized():
            self._ray.shutdown()
