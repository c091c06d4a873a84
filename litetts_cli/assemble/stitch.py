"""Joining synthesized chunks into one stream with pauses, fades and known positions.

The :class:`Stitcher` never holds more than one chunk: it hands back blocks to write as
soon as a chunk arrives, and remembers where each chunk landed in the final audio (in
samples), which is what subtitles and chapter marks need. The pause after a chunk is
written only when the next chunk arrives, so the stream never ends on a long pause.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.assemble.pauses import BOUNDARIES, Boundary, PauseProfile
from litetts_cli.assemble.trim import fade_edges, sound_bounds, trim_silence
from litetts_cli.audio import as_mono_float32
from litetts_cli.errors import UsageError

__all__ = ["AudioChunk", "ChunkSpan", "Stitcher"]


@dataclass(frozen=True)
class AudioChunk:
    """One synthesized piece of text, in reading order."""

    samples: np.ndarray
    boundary: Boundary = "sentence"
    """How the chunk's text ends; picks the pause after it."""
    pause_s: float | None = None
    """Explicit pause after this chunk (e.g. from a ``[pause:1.5s]`` tag); overrides the
    profile."""
    text: str = ""
    """The chunk's text; its last punctuation refines a ``"clause"`` pause."""


@dataclass(frozen=True)
class ChunkSpan:
    """Where one chunk's sound landed in the final audio (pauses excluded)."""

    index: int
    """Order of the chunk, from 0."""
    start: int
    """First sample of the chunk in the final audio."""
    end: int
    """One past the last sample (``end == start`` for a chunk that was all silence)."""
    sample_rate: int = SAMPLE_RATE
    boundary: Boundary = "sentence"
    cut: int = 0
    """Samples trimmed off the front of the chunk's own audio: its sample ``s`` is at
    ``start + s - cut`` in the final audio (word timing)."""

    def place(self, sample: int) -> int:
        """Where sample ``sample`` of the chunk's own audio is in the final audio."""
        return min(max(self.start + int(sample) - self.cut, self.start), self.end)

    @property
    def start_s(self) -> float:
        return self.start / self.sample_rate

    @property
    def end_s(self) -> float:
        return self.end / self.sample_rate


@dataclass
class Stitcher:
    """Turns chunks into output blocks: trimmed, faded at the joins, pauses between.

    Example::

        stitcher = Stitcher()
        with open_sink(path, "m4b") as sink:
            for chunk in chunks:
                for block in stitcher.add(chunk.samples, chunk.boundary, text=chunk.text):
                    sink.write(block)
            for block in stitcher.finish():
                sink.write(block)
        subtitles = [(span.start_s, span.end_s) for span in stitcher.spans]
    """

    profile: PauseProfile = field(default_factory=PauseProfile)
    sample_rate: int = SAMPLE_RATE
    trim: bool = True
    """Trim each chunk's leading/trailing near-silence before joining."""
    threshold_db: float = -50.0
    keep_ms: float = 40.0
    fade_ms: float = 5.0
    """Fade at both edges of every chunk, so every join passes through zero."""
    lead_in_s: float = 0.0
    """Silence before the first chunk."""
    tail_s: float = 0.3
    """Silence written by :meth:`finish` after the last chunk."""
    spans: list[ChunkSpan] = field(default_factory=list, init=False)
    """One entry per chunk added, in order."""
    position: int = field(default=0, init=False)
    """Samples handed out so far: the length of the stream up to now."""
    _pending_pause: int = field(default=0, init=False, repr=False)
    _finished: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self._pending_pause = self._seconds_to_samples(self.lead_in_s, "lead-in")

    @property
    def duration_s(self) -> float:
        """Seconds handed out so far."""
        return self.position / self.sample_rate

    def _seconds_to_samples(self, seconds: float, what: str) -> int:
        if not math.isfinite(seconds) or seconds < 0:
            raise UsageError(f"{what} of {seconds!r} s is not a valid pause", hint="use 0 or more")
        return round(seconds * self.sample_rate)

    def add(
        self,
        samples: np.ndarray,
        boundary: Boundary = "sentence",
        *,
        pause_s: float | None = None,
        text: str = "",
    ) -> list[np.ndarray]:
        """Add the next chunk; return the blocks to write now (pause first, then sound).

        The chunk's span is appended to :attr:`spans`.
        """
        if self._finished:
            raise ValueError("Stitcher.add() after finish()")
        if boundary not in BOUNDARIES:
            raise ValueError(f"unknown boundary {boundary!r}; expected one of {BOUNDARIES}")
        pause = self.profile.pause_after(boundary, text) if pause_s is None else pause_s
        pause_samples = self._seconds_to_samples(pause, "pause")

        audio = as_mono_float32(samples)
        cut = 0
        if self.trim:
            bounds = sound_bounds(audio, self.threshold_db, self.keep_ms, sample_rate=self.sample_rate)
            cut = bounds[0] if bounds else 0
            audio = trim_silence(
                audio, self.threshold_db, self.keep_ms, sample_rate=self.sample_rate
            )
        fade = round(self.sample_rate * self.fade_ms / 1000.0)
        audio = fade_edges(audio, fade, fade)

        blocks: list[np.ndarray] = []
        if self._pending_pause:
            blocks.append(np.zeros(self._pending_pause, dtype=np.float32))
            self.position += self._pending_pause
        start = self.position
        if audio.size:
            blocks.append(audio)
            self.position += audio.size
        self.spans.append(ChunkSpan(len(self.spans), start, self.position, self.sample_rate, boundary, cut))
        self._pending_pause = pause_samples
        return blocks

    def add_chunk(self, chunk: AudioChunk) -> list[np.ndarray]:
        """:meth:`add` for an :class:`AudioChunk`."""
        return self.add(chunk.samples, chunk.boundary, pause_s=chunk.pause_s, text=chunk.text)

    def pause_owed(self) -> list[np.ndarray]:
        """The pause after the last chunk, written now: the stream goes on in another
        stitcher (a book's chapters stitched apart), which then starts at its first sound."""
        pause, self._pending_pause = self._pending_pause, 0
        self.position += pause
        return [np.zeros(pause, dtype=np.float32)] if pause else []

    def finish(self) -> list[np.ndarray]:
        """End the stream: return the closing silence (:attr:`tail_s`), if any."""
        if self._finished:
            return []
        self._finished = True
        tail = self._seconds_to_samples(self.tail_s, "tail")
        if not tail:
            return []
        self.position += tail
        return [np.zeros(tail, dtype=np.float32)]

    def stitch(self, chunks: Iterable[AudioChunk]) -> Iterator[np.ndarray]:
        """Blocks for all ``chunks`` in order, then :meth:`finish`'s tail."""
        for chunk in chunks:
            yield from self.add_chunk(chunk)
        yield from self.finish()
