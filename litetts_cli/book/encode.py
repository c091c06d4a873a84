"""Encode an assembled book, the last stage: the chunks stitched again in order, with the
assembly's gain through a peak limiter, into one file with chapter marks or one file per
chapter; sentences and words timed on the way (subtitles, timestamps) and, with
``--verify``, each chunk handed to the proofreader. Outputs are written under temporary
names and renamed; any error aborts them all.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import PeakLimiter
from litetts_cli.book import subtitles
from litetts_cli.book.assemble import Assembler
from litetts_cli.book.timing import BookTiming
from litetts_cli.book.types import Assembly, BookPlan, ChapterSpan, Encoded, PlannedChapter
from litetts_cli.book.verify import chapter_texts, is_english, start_proofreader
from litetts_cli.encode import ChapterMark, Tags, open_sink
from litetts_cli.encode.split import open_chapter_sink
from litetts_cli.verify.proofread import Proofreader


def encode(plan: BookPlan, assembly: Assembly) -> Encoded:
    """The book's files, subtitles and timestamps, as ``plan.options`` asks."""
    options = plan.options
    proofreader = start_proofreader(plan.settings, options.verify)
    encoded = _write_audio(plan, PeakLimiter(assembly.gain), proofreader)
    if options.subtitles and not options.split_chapters:
        encoded.subtitles = options.output.with_suffix(f".{options.subtitles}")
        subtitles.write(encoded.timing.sentences, encoded.subtitles, options.subtitles)
    encoded.timing_files = encoded.timing.write_files(options)
    if proofreader is not None:
        encoded.verify = proofreader.finish(chapter_texts(plan.planned))
    return encoded


def _write_audio(plan: BookPlan, limiter: PeakLimiter, proofreader: Proofreader | None) -> Encoded:
    """Write the stitched book, and time its chapters, sentences and words on the way."""
    split = plan.options.split_chapters
    assembler = Assembler(plan)
    timing = BookTiming()
    starts: dict[int, float] = {}
    spans: dict[int, ChapterSpan] = {}
    files = _Outputs(plan, limiter)
    try:
        for chapter, chunk, blocks, stitcher in assembler.passes():
            files.write(chapter, blocks)
            if chunk is not None:
                span = stitcher.spans[-1]
                starts.setdefault(chapter.number, 0.0 if not starts or split else span.start_s)
                timing.add(chapter.number, chunk.text, chunk.phonemes, assembler.durations, span, assembler.phonemize)
                if proofreader is not None:
                    proofreader.add(chapter.number, assembler.audio, span.start_s, SAMPLE_RATE, is_english(chapter))
            elif split:
                spans[chapter.number] = ChapterSpan(0.0, stitcher.duration_s)
                files.close()
        if not split:
            spans = _back_to_back(plan.planned, starts, stitcher.duration_s)
            marks = [ChapterMark(_title(p), spans[p.number].start_seconds, spans[p.number].end_seconds)
                     for p in plan.planned if p.number in spans]
            files.close(marks)
    except BaseException:
        files.abort()
        raise
    return Encoded(files.paths, spans, timing)


def _title(chapter: PlannedChapter) -> str:
    return chapter.title or f"Chapter {chapter.number}"


def _book_tags(plan: BookPlan) -> Tags:
    document, options = plan.document, plan.options
    return Tags.for_book(
        document.title or plan.planned[0].title or options.output.stem, document.author,
        narrator=plan.planner.voice.name, cover=document.cover,
    )


class _Outputs:
    """The files being written: the whole book in one, or one per chapter (``split_chapters``),
    each limited by ``limiter``; aborted together on any error."""

    def __init__(self, plan: BookPlan, limiter: PeakLimiter):
        self.options, self.chapters, self.limiter = plan.options, len(plan.planned), limiter
        self.tags = _book_tags(plan)
        self.paths: list[Path] = []
        self.sink = None
        if not self.options.split_chapters:
            o = self.options
            self.sink = open_sink(o.output, o.fmt, SAMPLE_RATE, self.tags, bitrate=o.bitrate)

    def write(self, chapter: PlannedChapter, blocks: list[np.ndarray]) -> None:
        if self.sink is None:
            self.sink = open_chapter_sink(self.options.output, chapter.number, self.chapters, _title(chapter),
                                          self.options.fmt, self.tags)
        for block in blocks:
            self.sink.write(self.limiter.process(block))

    def close(self, marks: list[ChapterMark] | None = None) -> None:
        """Finish the file being written, with ``marks`` where its format keeps chapters."""
        if marks is not None and self.sink.audio_format.chapters:
            self.sink.set_chapters(marks)
        self.sink.write(self.limiter.finish())
        self.sink.close()
        self.paths.append(Path(self.sink.path))
        self.sink = None

    def abort(self) -> None:
        if self.sink is not None:
            self.sink.abort()


def _back_to_back(planned: list[PlannedChapter], starts: dict[int, float], total: float) -> dict[int, ChapterSpan]:
    """Chapters back to back in one file: each runs from its title to the next chapter's."""
    numbers = [p.number for p in planned if p.number in starts]
    ends = [starts[n] for n in numbers[1:]] + [total]
    return {n: ChapterSpan(starts[n], end) for n, end in zip(numbers, ends)}
