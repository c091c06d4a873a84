"""Synthesize a planned book, the second stage: its missing chunks through the engine
pool (local worker processes, a GPU, or Ray actors), each into the chunk cache.

The chunk cache is the job's memory: every finished chunk is on disk before it counts
as done, so an interrupted run (Ctrl-C, ``kill -9``, a crash) resumes by running the
same command, which finds those chunks and synthesizes only the rest.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.book.types import BookPlan, Reporter, SilentReporter, Synthesis
from litetts_cli.config import Settings
from litetts_cli.engine.engine import EngineOptions, resolve_layout
from litetts_cli.engine.jobs import PoolSetup
from litetts_cli.engine.pool import EnginePool
from litetts_cli.engine.voices import Voice
from litetts_cli.speech import device_for, with_graph_cache
from litetts_cli.store.cache import AudioCache


def synthesize(plan: BookPlan, reporter: Reporter = SilentReporter()) -> Synthesis:
    """Every chunk of ``plan`` the cache lacks, synthesized into it."""
    options, settings = plan.options, plan.settings
    asked = options.workers or settings.workers
    workers, threads = resolve_layout(asked, options.threads or settings.threads)
    reporter.planned(plan.planned, plan.reused, workers, threads)
    synthesis = Synthesis(workers, threads)
    if not plan.jobs:
        return synthesis
    chapter_of = {job.id: number for number, job in plan.jobs}
    setup = pool_setup(settings, plan.model_file, plan.planner.model_id, plan.cache, threads, plan.voices)
    with open_pool(setup, asked if options.cluster else workers, len(plan.jobs), options.cluster,
                   options.gpus_per_actor) as pool:
        for result in pool.run(job for _, job in plan.jobs):
            synthesis.record(chapter_of[result.id], result)
            reporter.chunk_done(chapter_of[result.id], result.samples / SAMPLE_RATE)
        synthesis.workers = pool.workers
        synthesis.worker_rss = {w.pid: (w.first_rss_bytes, w.rss_bytes) for w in pool.stats.values() if w.jobs}
    return synthesis


def pool_setup(settings: Settings, model_file: Path, model_id: str, cache: AudioCache, threads: int,
               voices: dict[str, Voice]) -> PoolSetup:
    """What each engine loads once; voices not in ``voices`` are loaded from the store on first use."""
    return PoolSetup(
        model_path=str(model_file),
        engine=with_graph_cache(settings, EngineOptions(threads=threads)),
        model_id=model_id,
        cache_dir=str(cache.root),
        voices={name: v.pack.astype(np.float32).tobytes() for name, v in voices.items()},
        voices_dir=str(settings.voices_dir),
        custom_voices_dir=str(settings.custom_voices_dir),
        device=device_for(settings).device,
    )


def open_pool(setup: PoolSetup, workers: int | None, limit: int, cluster: str | None = None,
              gpus_per_actor: float | None = None) -> EnginePool:
    """The engine pool: local worker processes, or Ray actors on ``cluster``.

    Args:
        workers: engines to start; None is one per core here, or one per
            ``setup.engine.threads`` CPUs of the cluster (``gpus_per_actor`` of its GPUs
            when ``setup.device`` is a GPU).
        limit: no more engines than this (the chunks there are to synthesize).
    """
    if cluster:
        from litetts_cli.cluster import RayBackend
        from litetts_cli.cluster.connect import DEFAULT_GPUS_PER_ACTOR

        backend = RayBackend(setup, cluster, workers, limit, gpus_per_actor or DEFAULT_GPUS_PER_ACTOR)
        return EnginePool(backend, backend.in_flight_per_worker)
    if workers is None:
        workers, _ = resolve_layout(None, setup.engine.threads)
    # A GPU runs chunks in batches on the torch engine (engine/torch_backend.py).
    backend = "torch" if setup.device.startswith("cuda") else "local"
    return EnginePool.open(setup, min(workers, limit), backend=backend)
