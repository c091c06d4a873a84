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
from collections import deque
from pathlib import Path
from typing import Sequence

import numpy as np

from litetts_cli.cluster.actor import ActorSpec, SynthActor, from_pcm16
from litetts_cli.cluster.connect import DEFAULT_GPUS_PER_ACTOR, connect, cpu_slots, disconnect, gpu_slots
from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup, WorkerSnapshot
from litetts_cli.engine.voices import VoiceLibrary
from litetts_cli.errors import ClusterError, UsageError
from litetts_cli.store.cache import AudioCache

MAX_RESTARTS = 4
"""Times Ray restarts one actor whose process died before the run gives up."""
MAX_TASK_RETRIES = 4
"""Times Ray re-sends a call whose actor died while running it."""
GPU_CALL_JOBS = 32
"""Chunks per call to a GPU actor: one batch of its torch engine (several actors share a GPU)."""
RETRY_HINT = "`ray logs` on the node says more; finished chunks are cached: run the same command again"


class RayBackend:
    """``workers`` actors on the cluster at ``address``: CPU engines (default one per
    ``threads`` CPUs), or, when ``setup.device`` is ``cuda``, torch engines holding
    ``gpus_per_actor`` of a GPU each (default as many as the cluster's GPUs hold)."""

    def __init__(self, setup: PoolSetup, address: str, workers: int | None = None, limit: int | None = None,
                 gpus_per_actor: float = DEFAULT_GPUS_PER_ACTOR):
        self._ray = ray = connect(address)
        self.setup = setup
        self.address = address
        self.gpu = setup.device.startswith("cuda")
        threads = setup.engine.threads or 1
        if self.gpu and not 0 < gpus_per_actor <= 1:
            raise UsageError(f"--gpus-per-actor {gpus_per_actor:g} is not a share of one GPU",
                             hint="use a number above 0 and at most 1, e.g. 0.25 for four engines per GPU")
        self.gpus_per_actor = gpus_per_actor if self.gpu else 0.0
        count = workers or cpu_slots(ray) // threads
        if self.gpu and not workers:  # each GPU actor also holds its CPUs: Ray would wait forever for more
            count = min(count, int(gpu_slots(ray) / gpus_per_actor + 1e-9))
        if count < 1 and self.gpu:
            raise ClusterError(f"the Ray cluster at {address} has {gpu_slots(ray):g} GPUs, less than the "
                               f"{gpus_per_actor:g} one engine asks for", hint="lower --gpus-per-actor")
        if count < 1:
            raise ClusterError(
                f"the Ray cluster at {address} has {cpu_slots(ray)} CPUs, fewer than the {threads} "
                "threads one engine asks for",
                hint="lower --threads, or add nodes with `ray start --address`",
            )
        self.workers = min(count, limit) if limit else count
        if workers:
            self._check_room(address, threads)
        self.threads = threads
        self.call_size = GPU_CALL_JOBS if self.gpu else 1
        """Jobs per actor call: a batch of the torch engine on a GPU, one on a CPU."""
        self._cache = AudioCache(Path(setup.cache_dir)) if setup.cache_dir else None
        self._library = VoiceLibrary(Path(setup.voices_dir), Path(setup.custom_voices_dir or setup.voices_dir)) \
            if setup.voices_dir else None
        self._voice_refs: dict[str, object] = {}
        self._pending: dict = {}
        self._waiting: list[ChunkJob] = []
        self._ready: deque[ChunkResult] = deque()
        self.actors: list = []
        self.gpu_ids: list[list[str]] = []
        """The GPUs Ray assigned each actor, once started."""
        self._load: list[int] = []

    def _check_room(self, address: str, threads: int) -> None:
        """An actor Ray cannot place waits forever for a CPU or GPU, and so would the run:
        an explicit ``--workers`` the cluster cannot hold is refused before anything starts."""
        cpus, gpus = cpu_slots(self._ray), gpu_slots(self._ray)
        fits = cpus // threads
        if self.gpu:
            fits = min(fits, int(gpus / self.gpus_per_actor + 1e-9))
        if self.workers <= fits:
            return
        asked = f"{self.workers * threads} CPUs" + (
            f" and {self.workers * self.gpus_per_actor:g} GPUs" if self.gpu else "")
        has = f"{cpus} CPUs" + (f" and {gpus:g} GPUs" if self.gpu else "")
        raise ClusterError(
            f"--workers {self.workers} asks the Ray cluster at {address} for {asked}; it has {has}",
            hint=f"use --workers {fits} or fewer, or leave --workers out (as many as the cluster holds), "
                 "or add nodes with `ray start --address`" if fits else
                 "lower --threads" + (" or --gpus-per-actor" if self.gpu else "") + ", or add nodes",
        )

    @property
    def in_flight_per_worker(self) -> int:
        """Jobs the pool keeps in flight per actor: two calls' worth."""
        return 2 * self.call_size

    def start(self) -> list[WorkerSnapshot]:
        ray = self._ray
        model = Path(self.setup.model_path).read_bytes()
        # The driver holds these references for the pool's life, so a restarted actor
        # still finds the model in the object store.
        self._model_box = [ray.put(model)]
        spec = ActorSpec(hashlib.sha256(model).hexdigest(), self.setup.engine, self.setup.model_id, self.gpu)
        remote = ray.remote(
            num_cpus=self.threads, num_gpus=self.gpus_per_actor, max_restarts=MAX_RESTARTS,
            max_task_retries=MAX_TASK_RETRIES, scheduling_strategy="SPREAD",
        )(SynthActor)
        self.actors = [remote.remote(spec) for _ in range(self.workers)]
        self._load = [0] * self.workers
        hellos = self._get([actor.hello.remote(self._model_box) for actor in self.actors])
        self.gpu_ids = [hello.gpu_ids for hello in hellos]
        problem = next((hello.problem for hello in hellos if hello.problem), "")
        if problem:
            raise ClusterError(f"an engine could not start on the Ray cluster: {problem}", hint=RETRY_HINT)
        return [hello.worker for hello in hellos]

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
        self._waiting.append(job)
        if len(self._waiting) >= self.call_size:
            self._send()

    def _send(self) -> None:
        jobs, self._waiting = self._waiting, []
        slot = self._load.index(min(self._load))
        voices = {}
        for name in {job.voice for job in jobs}:
            voices.update(self._voice_box(name))
        ref = self.actors[slot].render.remote(jobs, voices, self._model_box)
        self._pending[ref] = (jobs, slot)
        self._load[slot] += 1

    def next_result(self) -> ChunkResult:
        if not self._ready:
            if self._waiting:
                self._send()
            ready, _ = self._ray.wait(list(self._pending), num_returns=1)
            jobs, slot = self._pending.pop(ready[0])
            self._load[slot] -= 1
            by_id = {job.id: job for job in jobs}
            for reply in self._get(ready[0]):
                self._ready.append(self._result(by_id[reply.id], reply))
        return self._ready.popleft()

    def _result(self, job: ChunkJob, reply) -> ChunkResult:
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
        disconnect()
