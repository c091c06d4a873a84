"""Convert a planned book: preflight, synthesize missing chunks in a pool, assemble, encode.

The chunk cache is the job's memory: every finished chunk is on disk before it counts
as done, so an interrupted run (Ctrl-C, ``kill -9``, a crash) resumes by running the
same command, which finds those chunks and synthesizes only the rest. Assembly reads
chunks back in order twice (once to measure loudness, once to write), keeping memory
flat however long the book is; outputs are written under temporary names and renamed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import (
    CEILING_DB, MAX_REDUCTION_DB, LoudnessMeter, PeakLimiter, Stitcher,
)
from litetts_cli.book import subtitles
from litetts_cli.book.timing import BookTiming
from litetts_cli.book.verify import chapter_texts, is_english, start_proofreader
from litetts_cli.book.languages import Reading, phonemizer_language
from litetts_cli.book.plan import PlannedChapter, plan_book
from litetts_cli.book.preflight import estimate_seconds, preflight  # re-exported
from litetts_cli.book.types import (  # re-exported: the book API
    WORDS_PER_SECOND, BookOptions, BookResult, ChapterReport, Reporter, SilentReporter,
)
from litetts_cli.config import Settings, with_model
from litetts_cli.encode import ChapterMark, Tags, open_sink
from litetts_cli.encode.split import open_chapter_sink
from litetts_cli.engine.chunking import ChunkOptions
from litetts_cli.engine.engine import EngineOptions, resolve_layout
from litetts_cli.engine.jobs import ChunkJob, ChunkResult, PoolSetup
from litetts_cli.engine.device import TORCH_MODEL, choose_device
from litetts_cli.engine.pool import EnginePool
from litetts_cli.engine.render import ChunkRenderer, VoiceTable
from litetts_cli.engine.voices import Voice
from litetts_cli.errors import LitettsError
from litetts_cli.ingest import Chapter, Document
from litetts_cli.speech import (
    Speaker, load_engine, load_voice, make_normalizer, model_identity, model_path, with_graph_cache,
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


@dataclass
class BookPlan:
    """A planned book waiting for its chunks: what synthesis feeds and assembly reads.

    ``jobs`` are the chunks the cache lacks, with their chapter numbers; each result for
    them goes through :meth:`record`. Once they are all in the cache, :func:`finish_book`
    assembles and encodes the book. ``litetts batch`` holds many at once, one pool
    feeding them all.
    """

    document: Document
    options: BookOptions
    settings: Settings
    planned: list[PlannedChapter]
    planner: Speaker
    """The first chapter's speaker (its voice names the narrator)."""
    voices: dict[str, Voice]
    """Every voice the book's chapters are read in, by name."""
    reports: dict[int, ChapterReport]
    jobs: list[tuple[int, ChunkJob]]
    cache: AudioCache
    model_file: Path
    started: float
    private_cache: Path | None = None
    synthesized: int = 0
    retried: int = 0
    worker_rss: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def reused(self) -> int:
        return sum(r.reused for r in self.reports.values())

    def record(self, chapter: int, result: ChunkResult) -> None:
        """Count one synthesized chunk of ``chapter`` (its audio is in the cache)."""
        self.synthesized += 1
        if result.status == "retried":
            self.retried += 1
        elif result.status == "suspect":
            self.reports[chapter].suspects.append(f"chunk {result.id}: {result.detail}")

    def release(self) -> None:
        self.cache.record_counters()
        if self.private_cache is not None:
            shutil.rmtree(self.private_cache, ignore_errors=True)


def plan_conversion(
    document: Document,
    chapters: list[tuple[int, Chapter]],
    settings: Settings,
    options: BookOptions,
    reporter: Reporter = SilentReporter(),
    readings: dict[int, Reading] | None = None,
    cache: AudioCache | None = None,
) -> BookPlan:
    """Preflight and plan ``chapters``: the chunks to synthesize and those reused.

    ``readings`` gives chapters (by number) their own voice and language (a French
    chapter read by ff_siwis with French phonemes); the others are read by the
    configured voice in its language. ``cache`` is shared by the books of a batch; by
    default the settings' cache, or a private one with ``use_cache`` off.
    """
    started = time.perf_counter()
    if not chapters:
        raise LitettsError("no chapters to convert", hint="check --chapters, or run with --list-chapters")
    preflight(options, [c for _, c in chapters], settings.speed)
    readings = readings or {}
    voice = load_voice(settings, readings[chapters[0][0]].voice if chapters[0][0] in readings else None)
    device = choose_device(settings.device)
    if device.gpu:
        reporter.phase(device.note)
        # The torch engine reads the bundled int8 model's weights, whatever --model says.
        settings = with_model(settings, TORCH_MODEL)
    # Before the cache keys: they name the model by its sha256, known once it is installed.
    model_file = model_path(settings, note=reporter.phase)
    private_cache = None
    if cache is None:
        private_cache = None if options.use_cache else Path(tempfile.mkdtemp(prefix="litetts-nocache-"))
        cache = AudioCache(private_cache or settings.cache_dir)
    model_id = model_identity(settings)
    speakers: dict[tuple[str, str], Speaker] = {}
    numbers = {id(c): n for n, c in chapters}

    def speaker_for(chapter: Chapter) -> Speaker:
        reading = readings.get(numbers[id(chapter)])
        chosen = load_voice(settings, reading.voice) if reading else voice
        language = phonemizer_language(reading.language, chosen.language) if reading else chosen.language
        key = (chosen.name, language)
        if key not in speakers:
            speakers[key] = Speaker(
                None, chosen, settings.speed,
                chunking=ChunkOptions(first_chunk_tokens=None),
                normalize=make_normalizer(settings, chosen, language),
                cache=cache, model_id=model_id, language=language,
            )
        return speakers[key]

    def voice_speaker(narrator: Speaker, spec: str) -> Speaker:
        """The narrator's settings in another voice (dialogue)."""
        chosen = load_voice(settings, spec)
        key = (chosen.name, narrator.language)
        if key not in speakers:
            speakers[key] = replace(narrator, voice=chosen)
        return speakers[key]

    reporter.phase("planning")
    dialogue = (options.dialogue, voice_speaker) if options.dialogue is not None else None
    planned = plan_book(chapters, speaker_for, dialogue)
    jobs, reused = _chapter_jobs(planned)
    reports = {
        p.number: ChapterReport(p.number, p.title, p.words, len(p.chunks), reused.get(p.number, 0))
        for p in planned
    }
    voices = {s.voice.name: s.voice for s in speakers.values()}
    return BookPlan(document, options, settings, planned, planned[0].speaker, voices, reports, jobs, cache,
                    model_file, started, private_cache)


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
        device=choose_device(settings.device).device,
    )


def open_pool(setup: PoolSetup, workers: int | None, limit: int, cluster: str | None = None) -> EnginePool:
    """The engine pool: local worker processes, or Ray actors on ``cluster``.

    Args:
        workers: engines to start; None is one per core here, or one per
            ``setup.engine.threads`` CPUs of the cluster.
        limit: no more engines than this (the chunks there are to synthesize).
    """
    if cluster:
        from litetts_cli.cluster import RayBackend

        return EnginePool(RayBackend(setup, cluster, workers, limit))
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
            setup = pool_setup(settings, plan.model_file, plan.planner.model_id, plan.cache, threads, plan.voices)
            with open_pool(setup, asked if options.cluster else workers, len(plan.jobs), options.cluster) as pool:
                for result in pool.run(job for _, job in plan.jobs):
                    plan.record(chapter_of[result.id], result)
                    reporter.chunk_done(chapter_of[result.id], result.samples / SAMPLE_RATE)
                workers = pool.workers
                plan.worker_rss = {w.pid: (w.first_rss_bytes, w.rss_bytes) for w in pool.stats.values() if w.jobs}
        reporter.phase("assembling")
        return finish_book(plan, workers, threads)
    finally:
        plan.release()


class _Assembler:
    """Reads chunks back in order and stitches them, once per pass."""

    def __init__(self, planned, cache: AudioCache, planner: Speaker, settings: Settings, options: BookOptions):
        self.planned = planned
        self.cache = cache
        self.planner = planner
        self.settings = settings
        self.options = options
        self.durations = None
        self.audio: np.ndarray | None = None
        """The last chunk's audio (for ``--verify``)."""
        voices = {s.voice.name: s.voice for p in planned for s in (p.chunk_speakers or [p.speaker]) if s is not None}
        self._renderer = ChunkRenderer(
            None, VoiceTable(voices or {planner.voice.name: planner.voice}), cache, planner.model_id,
            load_engine=lambda: load_engine(settings, EngineOptions(threads=settings.threads)),
        )

    def _audio(self, chunk, speaker: Speaker) -> np.ndarray:
        """A chunk's audio from the cache; a damaged entry is synthesized again here.
        Its samples per token (None when unknown) are left in :attr:`durations`."""
        self.durations = None
        if not chunk.token_ids:
            return np.zeros(0, dtype=np.float32)
        result = self._renderer.render(speaker.job(chunk, return_audio=True))
        self.durations = result.durations
        return result.audio

    def passes(self) -> Iterator[tuple[PlannedChapter, object, list[np.ndarray], Stitcher]]:
        """(chapter, chunk or None at a file's end, blocks to write, stitcher) in order."""
        split = self.options.split_chapters
        stitcher = Stitcher(profile=self.options.pauses)
        for chapter in self.planned:
            if split:
                stitcher = Stitcher(profile=self.options.pauses)
            for position, chunk in enumerate(chapter.chunks):
                audio = self.audio = self._audio(chunk, chapter.speaker_at(position) or self.planner)
                yield chapter, chunk, stitcher.add(audio, chunk.boundary, pause_s=chunk.pause, text=chunk.text), stitcher
            if split or chapter is self.planned[-1]:
                yield chapter, None, stitcher.finish(), stitcher


def _measure_gain(assembler: _Assembler, target_lufs: float | None) -> tuple[float, float | None]:
    if target_lufs is None:
        return 1.0, None
    meter = LoudnessMeter(SAMPLE_RATE)
    for _, _, blocks, _ in assembler.passes():
        for block in blocks:
            meter.add(block)
    report = meter.report()
    measured = report.integrated_lufs if np.isfinite(report.integrated_lufs) else None
    # The limiter keeps the peaks this gain pushes past the ceiling under it.
    return report.gain_to(target_lufs, CEILING_DB + MAX_REDUCTION_DB), measured


def finish_book(plan: BookPlan, workers: int, threads: int) -> BookResult:
    """Assemble and encode a book whose chunks are all in the cache."""
    document, planned, reports, planner = plan.document, plan.planned, plan.reports, plan.planner
    cache, settings, options = plan.cache, plan.settings, plan.options
    assembler = _Assembler(planned, cache, planner, settings, options)
    gain, measured = _measure_gain(assembler, options.target_lufs)
    tags = Tags.for_book(
        document.title or planned[0].title or options.output.stem, document.author,
        narrator=planner.voice.name, cover=document.cover,
    )
    timing = BookTiming()
    proofreader = start_proofreader(settings, options.verify)
    outputs: list[Path] = []
    starts: dict[int, float] = {}
    sink = None
    limiter = PeakLimiter(gain)
    try:
        if not options.split_chapters:
            sink = open_sink(options.output, options.fmt, SAMPLE_RATE, tags, bitrate=options.bitrate)
        for chapter, chunk, blocks, stitcher in assembler.passes():
            if sink is None:
                title = chapter.title or f"Chapter {chapter.number}"
                sink = open_chapter_sink(options.output, chapter.number, len(planned), title, options.fmt, tags)
            for block in blocks:
                sink.write(limiter.process(block))
            if chunk is not None:
                span = stitcher.spans[-1]
                starts.setdefault(chapter.number, 0.0 if not starts or options.split_chapters else span.start_s)
                timing.add(chapter.number, chunk.text, chunk.phonemes, assembler.durations, span)
                if proofreader is not None:
                    proofreader.add(chapter.number, assembler.audio, span.start_s, SAMPLE_RATE, is_english(chapter))
            elif options.split_chapters:
                reports[chapter.number].audio_seconds = stitcher.duration_s
                sink.write(limiter.finish())
                sink.close()
                outputs.append(Path(sink.path))
                sink = None
        if not options.split_chapters:
            total = stitcher.duration_s
            marks = _chapter_marks(planned, starts, total, reports)
            if sink.audio_format.chapters:
                sink.set_chapters(marks)
            sink.write(limiter.finish())
            sink.close()
            outputs.append(Path(sink.path))
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    subtitle_path = None
    if options.subtitles and not options.split_chapters:
        subtitle_path = options.output.with_suffix(f".{options.subtitles}")
        subtitles.write(timing.sentences, subtitle_path, options.subtitles)
    timing_files = timing.write_files(options)
    return BookResult(
        outputs=outputs,
        chapters=[reports[p.number] for p in planned],
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
        verify=proofreader.finish(chapter_texts(planned)) if proofreader is not None else None,
    )


def _chapter_marks(planned, starts: dict[int, float], total: float, reports) -> list[ChapterMark]:
    """Chapters back to back: each runs from its title to the next chapter's title."""
    marks = []
    numbers = [p.number for p in planned if p.number in starts]
    for i, number in enumerate(numbers):
        start = starts[number]
        end = starts[numbers[i + 1]] if i + 1 < len(numbers) else total
        reports[number].start_seconds = start
        reports[number].audio_seconds = end - start
        title = reports[number].title or f"Chapter {number}"
        marks.append(ChapterMark(title, start, end))
    return marks
