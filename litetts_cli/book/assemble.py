"""Assemble a planned book, the third stage: its chunks read back from the cache in
order and stitched (pauses, trims, crossfades), to measure the loudness the book needs
its gain for. Encoding stitches them again as it writes: the book is never held whole,
so memory stays flat however long it is.
"""

from __future__ import annotations

from typing import Iterator

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble import CEILING_DB, MAX_REDUCTION_DB, LoudnessMeter, Stitcher
from litetts_cli.book.types import Assembly, BookPlan, PlannedChapter
from litetts_cli.engine.chunking import Chunk
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.engine.render import ChunkRenderer, VoiceTable
from litetts_cli.speech import Speaker, load_engine


def assemble(plan: BookPlan) -> Assembly:
    """The gain that takes the stitched book to ``target_lufs`` (1.0 without a target)."""
    target_lufs = plan.options.target_lufs
    if target_lufs is None:
        return Assembly(1.0, None)
    meter = LoudnessMeter(SAMPLE_RATE)
    for _, _, blocks, _ in Assembler(plan).passes():
        for block in blocks:
            meter.add(block)
    report = meter.report()
    measured = report.integrated_lufs if np.isfinite(report.integrated_lufs) else None
    # The limiter keeps the peaks this gain pushes past the ceiling under it.
    return Assembly(report.gain_to(target_lufs, CEILING_DB + MAX_REDUCTION_DB), measured)


class Assembler:
    """Reads a book's chunks back in order and stitches them, once per pass."""

    def __init__(self, plan: BookPlan):
        planned, planner, settings = plan.planned, plan.planner, plan.settings
        self.planned = planned
        self.planner = planner
        self.options = plan.options
        self.durations = None
        self.phonemize = None
        """The phonemizer of the last chunk's reader (word timing pairs words by it)."""
        self.audio: np.ndarray | None = None
        """The last chunk's audio (for ``--verify``)."""
        voices = {s.voice.name: s.voice for p in planned for s in (p.chunk_speakers or [p.speaker]) if s is not None}
        self._renderer = ChunkRenderer(
            None, VoiceTable(voices or {planner.voice.name: planner.voice}), plan.cache, planner.model_id,
            load_engine=lambda: load_engine(settings, EngineOptions(threads=settings.threads)),
        )

    def _audio(self, chunk: Chunk, speaker: Speaker) -> np.ndarray:
        """A chunk's audio from the cache; a damaged entry is synthesized again here.
        Its samples per token (None when unknown) are left in :attr:`durations`."""
        self.durations = None
        self.phonemize = speaker.g2p.phonemize
        if not chunk.token_ids:
            return np.zeros(0, dtype=np.float32)
        result = self._renderer.render(speaker.job(chunk, return_audio=True))
        self.durations = result.durations
        return result.audio

    def passes(self) -> Iterator[tuple[PlannedChapter, Chunk | None, list[np.ndarray], Stitcher]]:
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
