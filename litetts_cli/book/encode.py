"""Encode an assembled book: the limited audio into one file with chapter marks, or one
file per chapter, with its sentences and words timed on the way. Outputs are written
under temporary names and renamed; any error aborts them all."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import PeakLimiter
from litetts_cli.book.assemble import Assembler
from litetts_cli.book.plan import PlannedChapter
from litetts_cli.book.timing import BookTiming
from litetts_cli.book.types import BookPlan
from litetts_cli.book.verify import is_english
from litetts_cli.encode import ChapterMark, Tags, open_sink
from litetts_cli.encode.split import open_chapter_sink
from litetts_cli.verify.proofread import Proofreader


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
            title = chapter.title or f"Chapter {chapter.number}"
            self.sink = open_chapter_sink(self.options.output, chapter.number, self.chapters, title,
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


def encode_book(
    plan: BookPlan, assembler: Assembler, limiter: PeakLimiter, proofreader: Proofreader | None = None,
) -> tuple[list[Path], BookTiming]:
    """Write the stitched book, and time its sentences and words on the way (and hand each
    chunk's audio to ``proofreader`` with ``--verify``)."""
    options, reports = plan.options, plan.reports
    timing = BookTiming()
    starts: dict[int, float] = {}
    files = _Outputs(plan, limiter)
    try:
        for chapter, chunk, blocks, stitcher in assembler.passes():
            files.write(chapter, blocks)
            if chunk is not None:
                span = stitcher.spans[-1]
                starts.setdefault(chapter.number, 0.0 if not starts or options.split_chapters else span.start_s)
                timing.add(chapter.number, chunk.text, chunk.phonemes, assembler.durations, span)
                if proofreader is not None:
                    proofreader.add(chapter.number, assembler.audio, span.start_s, SAMPLE_RATE, is_english(chapter))
            elif options.split_chapters:
                reports[chapter.number].audio_seconds = stitcher.duration_s
                files.close()
        if not options.split_chapters:
            files.close(_chapter_marks(plan.planned, starts, stitcher.duration_s, reports))
    except BaseException:
        files.abort()
        raise
    return files.paths, timing


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
