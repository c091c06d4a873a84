"""A look-ahead peak limiter, so a book can reach its loudness target.

One linear gain for a whole book used to be capped by the book's single loudest sample:
on a 51,000-word book one plosive near full scale held the result at -22.9 LUFS instead
of -18. Now the gain is applied in full and the few samples it would push past the
ceiling are turned down smoothly, for about 20 ms around each.

The gain curve is a running minimum of the per-sample reduction each sample needs,
then a running mean of that over the same radius. Every sample a mean covers has the
sample itself inside its minimum's window, so the curve never exceeds the reduction a
sample needs: the output stays under the ceiling exactly, with no clipping. Streaming
costs a delay of two radii and keeps four radii of samples. The ceiling leaves room for
lossy encoders, which overshoot a little where peaks were turned down.
"""

from __future__ import annotations

import numpy as np

from litetts_cli import SAMPLE_RATE
from litetts_cli.audio import as_mono_float32

MAX_REDUCTION_DB = 12.0
"""The most the limiter is asked to take off a peak; a book needing more gets less gain."""
CEILING_DB = -1.5
"""Sample-peak ceiling of a book. Lossy encoders overshoot on limited peaks: on a chapter
of the 51,000-word book, AAC at 64 kb/s decoded to +0.2 dBFS with a -1 dBFS ceiling and a
3 ms radius, and to -1.1 dBFS with this ceiling and a 10 ms radius."""
RADIUS_MS = 10.0
"""Half the window of the minimum and of the mean: a reduction fades in and out over
about 20 ms, short enough to keep the words' level, smooth enough not to click."""


class PeakLimiter:
    """``samples * gain``, turned down where that would pass ``ceiling_db`` dBFS."""

    def __init__(self, gain: float, ceiling_db: float = CEILING_DB, sample_rate: int = SAMPLE_RATE,
                 radius_ms: float = RADIUS_MS):
        self.gain = float(gain)
        self.ceiling = 10.0 ** (ceiling_db / 20.0)
        self.radius = max(1, round(sample_rate * radius_ms / 1000.0))
        self._samples = np.zeros(0, dtype=np.float32)
        """Gained samples: up to two radii already returned (context), then pending ones."""
        self._context = 0
        self.limited_samples = 0
        """How many samples were turned down so far."""

    def process(self, block: np.ndarray) -> np.ndarray:
        """The next samples that are ready (two radii behind the input)."""
        gained = as_mono_float32(block) * np.float32(self.gain)
        self._samples = np.concatenate([self._samples, gained])
        return self._emit(len(self._samples) - 2 * self.radius)

    def finish(self) -> np.ndarray:
        """Everything still held back; the limiter can then start a new stream."""
        out = self._emit(len(self._samples))
        self._samples, self._context = np.zeros(0, dtype=np.float32), 0
        return out

    def _emit(self, end: int) -> np.ndarray:
        start = self._context
        if end <= start:
            return np.zeros(0, dtype=np.float32)
        x = self._samples
        if float(np.max(np.abs(x), initial=0.0)) <= self.ceiling:
            out = x[start:end].copy()
        else:
            curve = self._curve(x)
            out = (x[start:end] * curve[start:end]).astype(np.float32)
            self.limited_samples += int(np.count_nonzero(curve[start:end] < 1.0))
        keep = max(0, end - 2 * self.radius)
        self._samples, self._context = x[keep:], end - keep
        return out

    def _curve(self, x: np.ndarray) -> np.ndarray:
        needed = np.minimum(1.0, self.ceiling / np.maximum(np.abs(x.astype(np.float64)), 1e-12))
        # Before the first sample and after the last nothing needs turning down; pad by two
        # radii so the minimum is taken over real windows wherever the mean looks.
        edge = np.ones(2 * self.radius)
        padded = np.concatenate([edge, needed, edge])
        curve = _running_mean(_running_min(padded, self.radius), self.radius)
        return curve[2 * self.radius: 2 * self.radius + len(x)]


def _running_min(values: np.ndarray, radius: int) -> np.ndarray:
    """Minimum over ``[i - radius, i + radius]``, clipped to the array (counted as 1)."""
    width = 2 * radius + 1
    padded = np.concatenate([np.ones(radius), values, np.ones(radius)])
    span, table = 1, padded
    while span * 2 <= width:  # table[i] = min of padded[i : i + 2 * span]
        table = np.minimum(table[:-span], table[span:])
        span *= 2
    n = len(values)
    return np.minimum(table[:n], table[width - span: width - span + n])


def _running_mean(values: np.ndarray, radius: int) -> np.ndarray:
    """Mean over ``[i - radius, i + radius]``; outside the array counts as 1."""
    padded = np.concatenate([np.ones(radius), values, np.ones(radius)])
    sums = np.concatenate([[0.0], np.cumsum(padded)])
    width = 2 * radius + 1
    return (sums[width:] - sums[:-width]) / width
