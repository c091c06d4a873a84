"""A book on a GPU with every stage overlapped: the pipelined ``litetts book``.

The CPU path plans, synthesizes, then assembles and encodes the whole book in one
stream. On a GPU synthesis is so fast that those other stages would take most of the
time, so here they run on every core around it:

1. **plan**: chapters are normalized, phonemized and chunked in forked worker
   processes (``book.parallel_plan``) while this process loads the model onto the GPU
   and compiles its kernels;
2. **synthesize**: the torch backend keeps about ten chapters of chunks in flight,
   sorted by length, in full batches; whenever a chapter's last chunk is done,
3. **stitch**: a worker reads that chapter back from the cache, joins its chunks with
   the book's pauses (exactly as the CPU path's one stream would) and measures its
   loudness, while the GPU goes on;
4. **encode**: once the book's loudness is known (all chapters measured together, as
   one stream), every chapter is gain-adjusted, peak-limited and AAC-encoded by its own
   ffmpeg, all cores at once;
5. **mux**: the chapters' AAC frames are joined by a stream copy into the M4B, with
   chapter marks at the parts' frame counts, tags and cover.

It writes m4b/m4a files without subtitles, timestamps, dialogue voices or ``--verify``;
other outputs take the CPU path's assembly (still synthesized on the GPU). :attr:`BookResult.stages` has each stage's wall time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import CEILING_DB, MAX_REDUCTION_DB, LoudnessMeter, PauseProfile, PeakLimiter, Stitcher
from litetts_cli.book.parallel_plan import ParallelPlanner, default_processes
from litetts_cli.book.plan import plan_conversion
from litetts_cli.book.run import book_result, convert
from litetts_cli.book.synthesize import pool_setup
from litetts_cli.book.types import (
    Assembly, BookOptions, BookPlan, BookResult, ChapterSpan, Encoded, PlannedChapter, Reporter, SilentReporter,
    Synthesis,
)
from litetts_cli.config import Settings
from litetts_cli.encode import ChapterMark, Tags
from litetts_cli.encode.formats import resolve_format
from litetts_cli.encode.parts import AacPartsSink, encode_part, part_starts
from litetts_cli.engine.device import TORCH_MODEL, DeviceChoice, choose_device
from litetts_cli.engine.pool import EnginePool
from litetts_cli.errors import LitettsError
from litetts_cli.speech import Speaker, model_path
from litetts_cli.store.cache import AudioCache

PIPELINED_FORMATS = ("m4b", "m4a")


def can_pipeline(options: BookOptions) -> bool:
    """Whether the pipelined path writes this output (one AAC file, no timing files)."""
    return (options.fmt in PIPELINED_FORMATS and not options.split_chapters and not options.subtitles
            and not options.timestamps and options.cluster is None and options.dialogue is None
            and not options.verify)


@dataclass(frozen=True)
class _Part:
    """One chapter to stitch in a worker: its chunks' cache keys ("" for a silent chunk),
    boundaries, pauses and texts, and whether the book ends with it."""

    cache_root: str
    keys: tuple[str, ...]
    boundaries: tuple[str, ...]
    pauses: tuple[float | None, ...]
    texts: tuple[str, ...]
    profile: PauseProfile
    last: bool
    pcm: str


def _part(chapter: PlannedChapter, cache: AudioCache, profile: PauseProfile, last: bool, pcm: Path) -> _Part:
    keys = tuple(key if chunk.token_ids else "" for chunk, key in zip(chapter.chunks, chapter.keys))
    return _Part(str(cache.root), keys, tuple(c.boundary for c in chapter.chunks),
                 tuple(c.pause for c in chapter.chunks), tuple(c.text for c in chapter.chunks), profile, last, str(pcm))


def _stitch_part(part: _Part) -> LoudnessMeter:
    """Worker: the chapter as the book's one stream has it (its closing pause included,
    or the book's tail if it is the last), written as float32 to ``part.pcm``; its meter."""
    cache = AudioCache(Path(part.cache_root))
    stitcher = Stitcher(profile=part.profile)
    meter = LoudnessMeter(SAMPLE_RATE)
    with open(part.pcm, "wb") as out:
        for key, boundary, pause, text in zip(part.keys, part.boundaries, part.pauses, part.texts):
            audio = cache.get(key) if key else np.zeros(0, dtype=np.float32)
            if audio is None:
                raise LitettsError("a synthesized chunk is missing from the cache",
                                   hint="run the same command again: finished chunks are kept")
            for block in stitcher.add(audio, boundary, pause_s=pause, text=text):
                meter.add(block)
                out.write(np.asarray(block, dtype=np.float32).tobytes())
        closing = stitcher.finish() if part.last else stitcher.pause_owed()
        for block in closing:
            meter.add(block)
            out.write(block.astype(np.float32).tobytes())
    return meter.compact()


_LIMIT_BLOCK = SAMPLE_RATE
"""Samples per limiter call: only blocks with a peak over the ceiling take its slow path."""


def _encode_part(pcm: str, target: str, gain: float, bitrate: str) -> int:
    """Worker: gain and peak-limit a stitched chapter, encode it as AAC; its frame count."""
    samples = np.fromfile(pcm, dtype=np.float32)
    limiter = PeakLimiter(gain)
    blocks = [limiter.process(samples[i: i + _LIMIT_BLOCK]) for i in range(0, samples.size, _LIMIT_BLOCK)]
    limited = np.concatenate(blocks + [limiter.finish()])
    return encode_part(limited, Path(target), SAMPLE_RATE, bitrate)


def convert_book(document, chapters, settings: Settings, options: BookOptions,
                 reporter: Reporter = SilentReporter(), readings=None) -> BookResult:
    """``litetts book``: the pipelined path on a GPU where it writes the output asked
    for, else :func:`~litetts_cli.book.run.convert` (the CPU path, unchanged)."""
    clock = _Clock()
    # can_pipeline first: on a --cluster the device is the cluster's, not this machine's.
    device = choose_device(settings.device) if can_pipeline(options) else None
    if device is not None and device.gpu:
        clock.mark("device chosen")  # PyTorch imported, the GPU found
        return convert_pipelined(document, chapters, settings, options, device, reporter, readings, clock=clock)
    return convert(document, chapters, settings, options, reporter, readings)


def _since_process_start() -> float | None:
    """Seconds since this process started (Linux), or None: start-up, imports and
    reading the book, which come before a conversion's own clock."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return round(uptime - int(fields[19]) / os.sysconf("SC_CLK_TCK"), 2)
    except (OSError, ValueError, IndexError):
        return None


class _Clock:
    def __init__(self):
        self.started = time.perf_counter()
        self.stages: dict[str, float] = {}
        before = _since_process_start()
        if before is not None:
            self.stages["process start to conversion (seconds)"] = before

    def mark(self, name: str) -> None:
        """``name`` ended now (seconds since the start)."""
        self.stages[name] = round(time.perf_counter() - self.started, 3)

    def mark_at(self, name: str, when: float) -> None:
        """``name`` ended at ``when`` (a ``time.perf_counter()`` reading)."""
        self.stages[name] = round(when - self.started, 3)


def convert_pipelined(document, chapters, settings: Settings, options: BookOptions, device: DeviceChoice,
                      reporter: Reporter = SilentReporter(), readings=None, processes: int | None = None,
                      clock: _Clock | None = None) -> BookResult:
    """:func:`~litetts_cli.book.run.convert` for the torch engine on ``device``, pipelined."""
    clock = clock or _Clock()
    settings = replace(settings, model=TORCH_MODEL)
    engine: dict[str, EnginePool] = {}

    def load_engine(first: Speaker) -> None:
        setup = pool_setup(settings, model_path(settings), first.model_id, first.cache, 1, {})
        pool = EnginePool.open(replace(setup, device=device.device), 1, backend="torch")
        pool.start()
        engine["pool"] = pool
        clock.mark("model loaded")
        for name, seconds in getattr(pool.backend, "load_parts", {}).items():
            clock.stages[f"{name} (seconds)"] = round(seconds, 3)

    # One core is left to the process that feeds the GPU.
    processes = processes or max(1, default_processes() - 1)
    planner = ParallelPlanner(processes, during=load_engine, spare=processes)
    plan = plan_conversion(document, chapters, settings, options, reporter, readings, planner=planner)
    clock.mark("planned")
    for name, when in (("planners forked", planner.forked_at), ("chapters planned", planner.planned_at)):
        if when is not None:
            clock.mark_at(name, when)
    sink = None
    try:
        workers = planner.pool
        if "pool" not in engine:  # nothing was planned (the planner did not run)
            raise LitettsError("no chapters to convert", hint="check --chapters")
        reporter.planned(plan.planned, plan.reused, engine["pool"].workers, 1)
        tags = Tags.for_book(document.title or plan.planned[0].title or options.output.stem, document.author,
                             narrator=plan.planner.voice.name, cover=document.cover)
        sink = AacPartsSink(options.output, resolve_format(options.output, options.fmt), SAMPLE_RATE, tags)
        encoder = _Encoder(plan, workers, planner.spare_pool, sink, options)
        synthesis = _synthesize_and_stitch(plan, engine["pool"], encoder, reporter, clock)
        reporter.phase("encoding")
        frames = encoder.finish(clock)
        clock.mark("encoded")
        for index, count in enumerate(frames):
            sink.add_part(index, count)
        marks, spans = _marks(plan, frames)
        sink.set_chapters(marks)
        sink.close()
        clock.mark("muxed")
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    finally:
        if "pool" in engine:
            engine["pool"].close()
        planner.close()
        plan.release()
    return _result(plan, synthesis, Assembly(encoder.gain, encoder.measured), spans, clock, planner)


EARLY_SHARE = 0.3
"""Encoding starts once chapters holding this share of the book's chunks are measured."""
GAIN_TOLERANCE_DB = 0.1
"""The gain measured on part of the book is kept if the whole book's differs by no more."""


class _Encoder:
    """Stitched chapters to AAC parts while the GPU goes on.

    The gain that brings the book to its loudness target needs the whole book measured;
    waiting for it would leave every core idle during synthesis and the GPU idle during
    encoding. So once chapters holding :data:`EARLY_SHARE` of the chunks are measured,
    their joined loudness sets the gain and chapters are encoded as they come. When the
    whole book's gain differs from it by more than :data:`GAIN_TOLERANCE_DB`, every
    chapter is encoded again with the whole book's (one narrator's loudness barely moves
    between halves of a book, so this is rare). Without a loudness target the gain is 1
    and chapters are encoded at once.
    """

    def __init__(self, plan: BookPlan, stitchers, encoders, sink: AacPartsSink, options: BookOptions):
        """``stitchers`` and ``encoders`` are two pools of workers: stitching a chapter
        never waits behind encoding one."""
        self.plan, self.stitchers, self.encoders, self.sink, self.options = plan, stitchers, encoders, sink, options
        self.stitching: dict[int, object] = {}
        self.meters: dict[int, LoudnessMeter] = {}
        self.encoding: dict[int, object] = {}
        self.gain: float | None = 1.0 if options.target_lufs is None else None
        self.measured: float | None = None
        self.early_gain_db: float | None = None
        self.chunks = [len(p.chunks) for p in plan.planned]

    def stitch(self, index: int) -> None:
        last = index == len(self.plan.planned) - 1
        part = _part(self.plan.planned[index], self.plan.cache, self.options.pauses, last, self._pcm(index))
        self.stitching[index] = self.stitchers.apply_async(_stitch_part, (part,))

    def _pcm(self, index: int) -> Path:
        return self.sink.workdir / f"part-{index:05d}.f32"

    def _encode(self, indices) -> None:
        for index in sorted(indices, key=lambda i: -self.chunks[i]):  # longest first
            self.encoding[index] = self.encoders.apply_async(
                _encode_part, (str(self._pcm(index)), str(self.sink.part_path(index)), self.gain, self.options.bitrate))

    def poll(self) -> None:
        """Take in the chapters stitched so far; start encoding when it is time."""
        for index in [i for i, job in self.stitching.items() if job.ready()]:
            self.meters[index] = self.stitching.pop(index).get()
            if self.gain is not None:
                self._encode([index])
        if self.gain is None and sum(self.chunks[i] for i in self.meters) >= EARLY_SHARE * sum(self.chunks):
            self.gain, _ = _book_gain([self.meters[i] for i in sorted(self.meters)], self.options.target_lufs)
            self.early_gain_db = 20 * float(np.log10(self.gain))
            self._encode(list(self.meters))

    def finish(self, clock: _Clock) -> list[int]:
        """Wait for every chapter; return each part's AAC frame count, in order."""
        for index in list(self.stitching):
            self.meters[index] = self.stitching.pop(index).get()
        clock.mark("stitched")
        final, self.measured = _book_gain([self.meters[i] for i in range(len(self.chunks))], self.options.target_lufs)
        if self.gain is None or abs(20 * np.log10(final / self.gain)) > GAIN_TOLERANCE_DB:
            for job in self.encoding.values():
                job.wait()
            self.gain = final
            self._encode(range(len(self.chunks)))
        else:
            self._encode(i for i in range(len(self.chunks)) if i not in self.encoding)
        if self.early_gain_db is not None:
            clock.stages["early gain off by (dB)"] = round(20 * float(np.log10(final)) - self.early_gain_db, 4)
        return [self.encoding[i].get() for i in range(len(self.chunks))]


def _synthesize_and_stitch(plan: BookPlan, pool: EnginePool, encoder: _Encoder, reporter: Reporter,
                           clock: _Clock) -> Synthesis:
    """Synthesize the missing chunks, longest chapters first (so the chapters finished
    last are short ones); each chapter goes to a worker to stitch once done."""
    chapter_of = {job.id: number for number, job in plan.jobs}
    remaining: dict[int, int] = {}
    for number, _ in plan.jobs:
        remaining[number] = remaining.get(number, 0) + 1
    index_of = {p.number: i for i, p in enumerate(plan.planned)}
    tokens = {p.number: p.tokens for p in plan.planned}
    for chapter in plan.planned:
        if not remaining.get(chapter.number):
            encoder.stitch(index_of[chapter.number])
    reporter.phase("synthesizing")
    jobs = sorted(plan.jobs, key=lambda numbered: -tokens[numbered[0]])  # stable: chunks stay in order
    synthesis = Synthesis(workers=1, threads=1)
    for result in pool.run(job for _, job in jobs):
        number = chapter_of[result.id]
        synthesis.record(number, result)
        reporter.chunk_done(number, result.samples / SAMPLE_RATE)
        remaining[number] -= 1
        if not remaining[number]:
            encoder.stitch(index_of[number])
        encoder.poll()
    clock.mark("synthesized")
    synthesis.worker_rss = {w.pid: (w.first_rss_bytes, w.rss_bytes) for w in pool.stats.values() if w.jobs}
    return synthesis


def _book_gain(meters: list[LoudnessMeter], target_lufs: float | None) -> tuple[float, float | None]:
    """The CPU path's gain (``run._measure_gain``), from the chapters' meters joined."""
    if target_lufs is None:
        return 1.0, None
    meter = LoudnessMeter(SAMPLE_RATE)
    for part in meters:
        meter.merge(part)
    report = meter.report()
    measured = report.integrated_lufs if np.isfinite(report.integrated_lufs) else None
    return report.gain_to(target_lufs, CEILING_DB + MAX_REDUCTION_DB), measured


def _marks(plan: BookPlan, frames: list[int]) -> tuple[list[ChapterMark], dict[int, ChapterSpan]]:
    """Chapter marks at the parts' boundaries, and each chapter's span in the book."""
    starts = part_starts(frames, SAMPLE_RATE)
    spans = {chapter.number: ChapterSpan(starts[i], starts[i + 1]) for i, chapter in enumerate(plan.planned)}
    marks = [ChapterMark(chapter.title or f"Chapter {chapter.number}", starts[i], starts[i + 1])
             for i, chapter in enumerate(plan.planned)]
    return marks, spans


def _result(plan: BookPlan, synthesis: Synthesis, assembly: Assembly, spans: dict[int, ChapterSpan],
            clock: _Clock, planner: ParallelPlanner) -> BookResult:
    stages = dict(clock.stages)
    stages.update({f"{name} (seconds)": round(value, 3) for name, value in planner.seconds.items()})
    encoded = Encoded(outputs=[plan.options.output], chapters=spans, timing=None)
    return replace(book_result(plan, synthesis, assembly, encoded), stages=stages)
