"""Where a sentence is heard, to the millisecond: the sound coming back after its pause.

Whisper tiny.en's word timestamps come from its attention and are only good to about
+-100 ms (more where a word follows a pause: the start often lands inside the pause).
A sentence, though, almost always starts after an audible pause, and in a synthesized
book that pause is near-silence, so where the sound comes back is a sharp, objective
mark. This module finds it from the audio alone:

1. Whisper's words pick the sentence and a window: from the start of the word Whisper
   heard before the sentence's first word to the start of the word after it. Nothing of
   litetts's own timing (cues, chunk spans, pauses it inserted) goes in.
2. Inside that window, the runs of near-silence (a short-window level under
   ``floor_db`` for at least ``min_pause_ms``) are the candidate pauses. The pause
   before the sentence is the last one that begins before Whisper's start of the first
   word: Whisper may place that start inside the pause or late inside the word, but the
   pause before a sentence never begins after its first word has. A pause that begins
   later is the sentence's own trailing pause (a one-word sentence, "Precisely.", has it
   inside the window) and is never taken.
3. The onset is the first sample after that run where the level climbs back over the
   floor: the sentence's start as heard.

A window with no such pause (a sentence run into the one before: "Pooh, pooh! Forgery.")
has no onset; the caller lists it rather than dropping it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FLOOR_DB = -45.0
"""Level (dBFS, RMS over ``WINDOW_MS``) under which audio counts as a pause."""
WINDOW_MS = 5.0
MIN_PAUSE_MS = 80.0


@dataclass(frozen=True)
class Onset:
    """The pause found before a sentence and where the sound comes back."""

    pause_start: float
    """Seconds."""
    onset: float
    """Seconds: the first sound after the pause."""

    @property
    def pause_s(self) -> float:
        return self.onset - self.pause_start


def levels_db(audio: np.ndarray, rate: int, window_ms: float = WINDOW_MS) -> np.ndarray:
    """The RMS level in dBFS of the ``window_ms`` window starting at each sample."""
    window = max(1, round(rate * window_ms / 1000.0))
    energy = np.concatenate(([0.0], np.cumsum(np.asarray(audio, dtype=np.float64) ** 2)))
    power = np.maximum(energy[window:] - energy[:-window], 0.0) / window
    return 10.0 * np.log10(np.maximum(power, 1e-20))


def onset_in(levels: np.ndarray, rate: int, lo_s: float, hi_s: float, near_s: float, *,
             floor_db: float = FLOOR_DB, min_pause_ms: float = MIN_PAUSE_MS) -> Onset | None:
    """The end of the last pause in ``[lo_s, hi_s)`` that begins by ``near_s`` (``levels``
    from :func:`levels_db`), or None when no pause of ``min_pause_ms`` does and ends inside."""
    lo, hi = max(0, int(lo_s * rate)), min(len(levels), int(hi_s * rate))
    if hi - lo < 2:
        return None
    quiet = np.concatenate(([False], levels[lo:hi] < floor_db, [False])).astype(np.int8)
    edges = np.diff(quiet)
    starts, ends = lo + np.flatnonzero(edges == 1), lo + np.flatnonzero(edges == -1)
    # A pause counts when it is long enough, begins by Whisper's start and sound comes
    # back inside the window.
    keep = np.flatnonzero((ends - starts >= rate * min_pause_ms / 1000.0) & (ends < hi) & (starts <= near_s * rate))
    if not keep.size:
        return None
    best = int(keep[-1])
    # The window starting at sample s covers [s, s + window): the first loud window is
    # the one whose last sample is the first sound, so the onset is its start plus its
    # length (the pause starts where the first quiet window starts).
    window = max(1, round(rate * WINDOW_MS / 1000.0))
    return Onset(starts[best] / rate, (ends[best] + window - 1) / rate)
