"""Planning a book on every core: each chapter normalized, phonemized and chunked in a
forked worker process, with the same result as :func:`plan_book` in one process.

The workers are forked once every chapter's speaker exists (so they share them), and
stay open afterwards for the work that follows synthesis (stitching and encoding the
chapters, ``book.pipelined``). While they plan, the calling process does something else
given as ``during`` (loading the model onto the GPU).
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
import time
from dataclasses import replace
from typing import Callable

from litetts_cli.book.plan import PlannedChapter, plan_book
from litetts_cli.ingest import Chapter
from litetts_cli.speech import Speaker

_WORK: tuple[list[tuple[int, Chapter]], list[Speaker]] | None = None
"""The chapters and their speakers, set before the fork; the workers read it."""


def lower_priority() -> None:
    """Called in a worker: it (and the programs it starts) yields the CPU to the parent,
    which loads and feeds the GPU."""
    try:
        os.nice(19 - os.nice(0))
    except OSError:
        pass


def _plan_one(index: int) -> tuple[int, PlannedChapter]:
    assert _WORK is not None
    chapters, speakers = _WORK
    planned = plan_book([chapters[index]], speakers[index])[0]
    planned.speaker = None  # the parent has it; a speaker does not cross processes
    return index, planned


def default_processes() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


class ParallelPlanner:
    """A ``plan_book`` replacement that plans chapters in ``processes`` forked workers.

    Use as the ``planner`` of :func:`~litetts_cli.book.run.plan_conversion`; afterwards
    :attr:`pool` holds the workers (close with :meth:`close`).
    """

    def __init__(self, processes: int | None = None, during: Callable[[Speaker], None] | None = None,
                 spare: int = 0):
        self.processes = processes or default_processes()
        self.during = during
        self.spare = spare
        self.pool: multiprocessing.pool.Pool | None = None
        self.spare_pool: multiprocessing.pool.Pool | None = None
        """``spare`` more workers forked at the same time, for other work afterwards."""
        self.seconds: dict[str, float] = {}
        self.forked_at: float | None = None
        """When the workers were forked (``time.perf_counter()``)."""
        self.planned_at: float | None = None
        """When the last chapter was planned, while ``during`` may still run."""

    def __call__(self, chapters: list[tuple[int, Chapter]], speaker_for: Callable[[Chapter], Speaker],
                 dialogue=None) -> list[PlannedChapter]:
        global _WORK
        if dialogue is not None:
            raise ValueError("dialogue voices are planned in one process (plan_book)")
        started = time.perf_counter()
        speakers = [speaker_for(chapter) for _, chapter in chapters]
        _WORK = (chapters, speakers)
        try:
            context = multiprocessing.get_context("fork")
            self.pool = context.Pool(self.processes, initializer=lower_priority)
            if self.spare:
                self.spare_pool = context.Pool(self.spare, initializer=lower_priority)
        finally:
            _WORK = None  # the children have their copy now
        self.forked_at = time.perf_counter()
        # Longest chapters first, so no worker is left with a long one at the end.
        order = sorted(range(len(chapters)), key=lambda i: -sum(len(p) for p in chapters[i][1].paragraphs))
        pending = self.pool.map_async(_plan_one, order, chunksize=1, callback=self._planned)
        if self.during is not None:
            during_started = time.perf_counter()
            self.during(speakers[0])
            self.seconds["during"] = time.perf_counter() - during_started
        results = dict(pending.get())
        self.seconds["planning"] = time.perf_counter() - started
        planned, offset = [], 0
        for index in range(len(chapters)):
            chapter = results[index]
            chapter.chunks = [replace(chunk, index=offset + chunk.index) for chunk in chapter.chunks]
            chapter.speaker = speakers[index]
            offset += len(chapter.chunks)
            planned.append(chapter)
        return planned

    def _planned(self, _results) -> None:
        self.planned_at = time.perf_counter()

    def close(self) -> None:
        for pool in (self.pool, self.spare_pool):
            if pool is not None:
                pool.terminate()
                pool.join()
        self.pool = self.spare_pool = None
