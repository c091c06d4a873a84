"""Convert a planned book: preflight, synthesize missing chunks in a pool, assemble, encode.

The chunk cache is the job's memory: every finished chunk is on disk before it counts
as done, so an interrupted run (Ctrl-C, ``kill -9``, a crash) resumes by running the
same command, which finds those chunks and synthesizes only the rest. Assembly reads
chunks back in order twice (once to measure loudness, once to write), keeping memory
flat however long the book is; outputs are written under temporary names and renamed.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Callable

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import PeakLimiter
from litetts_cli.book import subtitles
from litetts_cli.book.assemble import Assembler, measure_gain
from litetts_cli.book.encode import encode_book
from litetts_cli.book.verify import chapter_texts, start_proofreader
from litetts_cli.book.languages import Reading, phonemizer_language
from litetts_cli.book.plan import PlannedChapter, plan_book
from litetts_cli.book.preflight import estimate_seconds, preflight  # re-exported
from litetts_cli.book.types import (  # re-exported: the book API
    WORDS_PER_SECOND, BookOptions, BookPlan, BookResult, ChapterReport, Reporter, SilentReporter,
)
from litetts_cli.config import Settings, with_model
from litetts_cli.engine.chunking import ChunkOptions
from litetts_cli.engine.engine import EngineOptions, resolve_layout
from litetts_cli.engine.jobs import ChunkJob, PoolSetup
from litetts_cli.engine.device import TORCH_MODEL
from litetts_cli.engine.pool import EnginePool
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import LitettsError
from litetts_cli.ingest import Chapter, Document
from litetts_cli.speech import (
    Speaker, device_for, load_voice, make_normalizer, model_identity, model_path, with_graph_cache,
)
from litetts_cli.store.cache import AudioCache


def _chapter_jobs(planned: list[PlannedChapter]) -> tuple[list[tuple[int, ChunkJob]], dict[int, int]]:
    """Jobs for the chunks not in the cache yet, each with its chapter's voice."""
    jobs, reused = [], {}
    for chapter in planned:
        for position, (chunk, key) in enumerate(zip(chapter.chunks, chapter.keys)):
            if not chunk.token_ids:
                continue
            speaker = chapter.speaker_at(position)
            if speaker.cache.contains(key):
                reused[chapter.number] = reused.get(chapter.number, 0) + 1
            else:
                jobs.append((chapter.number, speaker.job(chunk)))
    return jobs, reused


def plan_conversion(
    document: Document,
    chapters: list[tuple[int, Chapter]],
    settings: Settings,
    options: BookOptions,
    reporter: Reporter = SilentReporter(),
    readings: dict[int, Reading] | None = None,
    cache: AudioCache | None = None,
    planner: Callable[..., list[PlannedChapter]] = plan_book,
) -> BookPlan:
    """Preflight and plan ``chapters``: the chunks to synthesize and those reused.

    ``readings`` gives chapters (by number) their own voice and language (a French
    chapter read by ff_siwis with French phonemes); the others are read by the
    configured voice in its language. ``cache`` is shared by the books of a batch; by
    default the settings' cache, or a private one with ``use_cache`` off. ``planner``
    turns chapters into chunks (:func:`plan_book`; ``book.parallel_plan`` on every core).
    """
    started = time.perf_counter()
    if not chapters:
        raise LitettsError("no chapters to convert", hint="check --chapters, or run with --list-chapters")
    preflight(options, [c for _, c in chapters], settings.speed)
    settings = replace(settings, cluster=options.cluster)  # the engines' device is the cluster's there
    readings = readings or {}
    voice = load_voice(settings, readings[chapters[0][0]].voice if chapters[0][0] in readings else None)
    settings, model_file = _model_for_device(settings, reporter)
    cache, private_cache = _chunk_cache(settings, options, cache)
    readers = _Readers(settings, voice, chapters, readings, cache, model_identity(settings))
    reporter.phase("planning")
    dialogue = (options.dialogue, readers.voice_speaker) if options.dialogue is not None else None
    planned = planner(chapters, readers.speaker_for, dialogue)
    jobs, reused = _chapter_jobs(planned)
    reports = {
        p.number: ChapterReport(p.number, p.title, p.words, len(p.chunks), reused.get(p.number, 0))
        for p in planned
    }
    return BookPlan(document, options, settings, planned, planned[0].speaker, readers.voices(), reports, jobs,
                    cache, model_file, started, private_cache)


def _model_for_device(settings: Settings, reporter: Reporter) -> tuple[Settings, Path]:
    """The settings the chosen device reads the model with, and the installed model file."""
    device = device_for(settings)
    if device.gpu:
        reporter.phase(device.note)
        # The torch engine reads the bundled int8 model's weights, whatever --model says.
        settings = with_model(settings, TORCH_MODEL)
    # Before the cache keys: they name the model by its sha256, known once it is installed.
    return settings, model_path(settings, note=reporter.phase)


def _chunk_cache(settings: Settings, options: BookOptions, cache: AudioCache | None) -> tuple[AudioCache, Path | None]:
    """The cache chunks go through, and the private folder to delete afterwards (if any)."""
    if cache is not None:
        return cache, None
    private_cache = None if options.use_cache else Path(tempfile.mkdtemp(prefix="litetts-nocache-"))
    return AudioCache(private_cache or settings.cache_dir), private_cache


class _Readers:
    """Who reads each chapter: one :class:`Speaker` per (voice, language), shared by the
    chapters read alike; the configured ``voice`` unless ``readings`` names another."""

    def __init__(self, settings: Settings, voice: Voice, chapters: list[tuple[int, Chapter]],
                 readings: dict[int, Reading], cache: AudioCache, model_id: str):
        self.settings, self.voice, self.readings = settings, voice, readings
        self.cache, self.model_id = cache, model_id
        self.numbers = {id(c): n for n, c in chapters}
        self.speakers: dict[tuple[str, str], Speaker] = {}

    def speaker_for(self, chapter: Chapter) -> Speaker:
        reading = self.readings.get(self.numbers[id(chapter)])
        chosen = load_voice(self.settings, reading.voice) if reading else self.voice
        language = phonemizer_language(reading.language, chosen.language) if reading else chosen.language
        key = (chosen.name, language)
        if key not in self.speakers:
            self.speakers[key] = Speaker(
                None, chosen, self.settings.speed,
                chunking=ChunkOptions(first_chunk_tokens=None),
                normalize=make_normalizer(self.settings, chosen, language),
                cache=self.cache, model_id=self.model_id, language=language,
            )
        return self.speakers[key]

    def voice_speaker(self, narrator: Speaker, spec: str) -> Speaker:
        """The narrator's settings in another voice (dialogue)."""
        chosen = load_voice(self.settings, spec)
        key = (chosen.name, narrator.language)
        if key not in self.speakers:
            self.speakers[key] = replace(narrator, voice=chosen)
        return self.speakers[key]

    def voices(self) -> dict[str, Voice]:
        return {s.voice.name: s.voice for s in self.speakers.values()}


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


def convert(
    document: Document,
    chapters: list[tuple[int, Chapter]],
    settings: Settings,
    options: BookOptions,
    reporter: Reporter = SilentReporter(),
    readings: dict[int, Reading] | None = None,
) -> BookResult:
    """Turn ``chapters`` of ``document`` into the audiobook described by ``options``.

    ``readings`` gives chapters (by number) their own voice and language; see
    :func:`plan_conversion`.
    """
    plan = plan_conversion(document, chapters, settings, options, reporter, readings)
    asked = options.workers or settings.workers
    workers, threads = resolve_layout(asked, options.threads or settings.threads)
    try:
        reporter.planned(plan.planned, plan.reused, workers, threads)
        if plan.jobs:
            chapter_of = {job.id: number for number, job in plan.jobs}
            setup = pool_setup(plan.settings, plan.model_file, plan.planner.model_id, plan.cache, threads, plan.voices)
            with open_pool(setup, asked if options.cluster else workers, len(plan.jobs), options.cluster,
                           options.gpus_per_actor) as pool:
                for result in pool.run(job for _, job in plan.jobs):
                    plan.record(chapter_of[result.id], result)
                    reporter.chunk_done(chapter_of[result.id], result.samples / SAMPLE_RATE)
                workers = pool.workers
                plan.worker_rss = {w.pid: (w.first_rss_bytes, w.rss_bytes) for w in pool.stats.values() if w.jobs}
        reporter.phase("assembling")
        return finish_book(plan, workers, threads)
    finally:
        plan.release()


def finish_book(plan: BookPlan, workers: int, threads: int) -> BookResult:
    """Assemble and encode a book whose chunks are all in the cache."""
    options = plan.options
    assembler = Assembler(plan.planned, plan.cache, plan.planner, plan.settings, options)
    gain, measured = measure_gain(assembler, options.target_lufs)
    proofreader = start_proofreader(plan.settings, options.verify)
    outputs, timing = encode_book(plan, assembler, PeakLimiter(gain), proofreader)
    subtitle_path = None
    if options.subtitles and not options.split_chapters:
        subtitle_path = options.output.with_suffix(f".{options.subtitles}")
        subtitles.write(timing.sentences, subtitle_path, options.subtitles)
    timing_files = timing.write_files(options)
    reports = plan.reports
    return BookResult(
        outputs=outputs,
        chapters=[reports[p.number] for p in plan.planned],
        audio_seconds=sum(r.audio_seconds for r in reports.values()),
        wall_seconds=time.perf_counter() - plan.started,
        synthesized=plan.synthesized,
        reused=plan.reused,
        retried=plan.retried,
        loudness_lufs=measured,
        gain_db=float(20 * np.log10(gain)) if gain > 0 else 0.0,
        subtitles=subtitle_path,
        workers=workers,
        threads=threads,
        worker_rss=plan.worker_rss,
        timing=timing,
        timing_files=timing_files,
        verify=proofreader.finish(chapter_texts(plan.planned)) if proofreader is not None else None,
    )


