"""Convert a book: plan -> synthesize -> assemble -> encode.

Each stage is a function from the values in :mod:`litetts_cli.book.types` to the next
(its module says how it works). ``litetts batch`` runs the same stages, with one pool
synthesizing every book's chunks (:mod:`litetts_cli.batch.run`); on a GPU, ``litetts book``
overlaps them (:mod:`litetts_cli.book.pipelined`).
"""

from __future__ import annotations

import time
from dataclasses import replace

from litetts_cli.book.assemble import assemble
from litetts_cli.book.encode import encode
from litetts_cli.book.languages import Reading
from litetts_cli.book.plan import plan_conversion
from litetts_cli.book.preflight import estimate_seconds  # re-exported
from litetts_cli.book.synthesize import synthesize
from litetts_cli.book.types import (  # re-exported: the book API
    WORDS_PER_SECOND, Assembly, BookOptions, BookPlan, BookResult, Encoded, Reporter, SilentReporter, Synthesis,
)
from litetts_cli.config import Settings
from litetts_cli.ingest import Chapter, Document

__all__ = [
    "WORDS_PER_SECOND", "BookOptions", "BookResult", "Reporter", "SilentReporter",
    "convert", "estimate_seconds", "finish_book", "plan_conversion",
]


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
    :func:`~litetts_cli.book.plan.plan_conversion`.
    """
    plan = plan_conversion(document, chapters, settings, options, reporter, readings)
    try:
        synthesis = synthesize(plan, reporter)
        reporter.phase("assembling")
        assembly = assemble(plan)
        encoded = encode(plan, assembly)
        return book_result(plan, synthesis, assembly, encoded)
    finally:
        plan.release()


def finish_book(plan: BookPlan, synthesis: Synthesis) -> BookResult:
    """Assemble and encode a book whose chunks are all in the cache (``litetts batch``)."""
    assembly = assemble(plan)
    return book_result(plan, synthesis, assembly, encode(plan, assembly))


def book_result(plan: BookPlan, synthesis: Synthesis, assembly: Assembly, encoded: Encoded) -> BookResult:
    """What the CLI reports: each stage's values, per chapter and for the book."""
    suspects: dict[int, list[str]] = {}
    for chapter, why in synthesis.suspects:
        suspects.setdefault(chapter, []).append(why)
    chapters = []
    for planned in plan.planned:
        number = planned.number
        span = encoded.chapters.get(number)
        report = replace(plan.reports[number], suspects=plan.reports[number].suspects + suspects.get(number, []))
        if span is not None:
            report = replace(report, start_seconds=span.start_seconds, audio_seconds=span.audio_seconds)
        chapters.append(report)
    return BookResult(
        outputs=encoded.outputs,
        chapters=chapters,
        audio_seconds=sum(r.audio_seconds for r in chapters),
        wall_seconds=time.perf_counter() - plan.started,
        synthesized=synthesis.synthesized,
        reused=plan.reused,
        retried=synthesis.retried,
        loudness_lufs=assembly.loudness_lufs,
        gain_db=assembly.gain_db,
        subtitles=encoded.subtitles,
        workers=synthesis.workers,
        threads=synthesis.threads,
        worker_rss=synthesis.worker_rss,
        timing=encoded.timing,
        timing_files=encoded.timing_files,
        verify=encoded.verify,
    )
