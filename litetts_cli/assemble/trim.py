"""Trimming near-silence from the edges of a synthesized chunk, and click-free fades.

Kokoro chunks start and end with a little breath or silence of varying length. Cutting it
makes pauses between chunks predictable (the pause profile decides them), but cutting at
the first sample above a threshold clips soft onsets ("h", "f") and tails. So the edge is
found on a short moving RMS window and a margin is kept either side, and the cut edges are
faded so a cut never lands on a non-zero sample.
"""

from __future__ import annotations

import numpy as np

from litetts_cli.audio import as_mono_float32

from litetts_cli import SAMPLE_RATE

__all__ = ["as_mono_float32", "fade_edges", "trim_silence"]


def _ramp(length: int) -> np.ndarray:
    """Raised-cosine ramp from near 0 to near 1 (never exactly 0 or 1)."""
    phase = (np.arange(length, dtype=np.float64) + 1.0) / (length + 1.0)
    return (0.5 - 0.5 * np.cos(np.pi * phase)).astype(np.float32)


def fade_edges(samples: np.ndarray, fade_in: int, fade_out: int) -> np.ndarray:
    """Fade the first ``fade_in`` and last ``fade_out`` samples (a new array).

    Fades are shortened to half the chunk each when the chunk is shorter than both.
    """
    out = as_mono_float32(samples).copy()
    half = out.size // 2
    fade_in, fade_out = min(max(fade_in, 0), half), min(max(fade_out, 0), half)
    if fade_in:
        out[:fade_in] *= _ramp(fade_in)
    if fade_out:
        out[out.size - fade_out :] *= _ramp(fade_out)[::-1]
    return out


def trim_silence(
    samples: np.ndarray,
    threshold_db: float = -50.0,
    keep_ms: float = 40.0,
    *,
    fade_ms: float = 8.0,
    window_ms: float = 5.0,
    sample_rate: int = SAMPLE_RATE,
) -> np.ndarray:
    """Cut leading and trailing near-silence from one chunk, keeping a margin.

    Args:
        samples: mono audio, float in [-1, 1].
        threshold_db: level in dBFS (RMS over ``window_ms``) below which audio counts as
            silence.
        keep_ms: margin of the quiet audio kept before the first and after the last
            sound, so soft onsets and decays are not clipped.
        fade_ms: fade applied at an edge that was cut (within the kept margin, so the
            sound itself is untouched when ``fade_ms <= keep_ms``).
        window_ms: RMS window; short enough to find onsets, long enough that a single
            stray sample does not count as sound.
        sample_rate: samples per second.

    Returns:
        A new float32 array; empty when the whole chunk is below the threshold.
    """
    audio = as_mono_float32(samples)
    bounds = sound_bounds(audio, threshold_db, keep_ms, window_ms=window_ms, sample_rate=sample_rate)
    if bounds is None:
        return np.zeros(0, dtype=np.float32) if audio.size else audio.copy()
    start, end = bounds
    fade = round(sample_rate * fade_ms / 1000.0)
    return fade_edges(audio[start:end], fade if start > 0 else 0, fade if end < audio.size else 0)


def sound_bounds(
    audio: np.ndarray,
    threshold_db: float = -50.0,
    keep_ms: float = 40.0,
    *,
    window_ms: float = 5.0,
    sample_rate: int = SAMPLE_RATE,
) -> tuple[int, int] | None:
    """The ``[start, end)`` samples :func:`trim_silence` keeps (None: all silence), so
    word timing can follow a chunk's audio into the stitched stream."""
    if audio.size == 0:
        return None
    threshold = 10.0 ** (threshold_db / 20.0)
    window = max(1, min(audio.size, round(sample_rate * window_ms / 1000.0)))
    energy = np.concatenate(([0.0], np.cumsum(audio.astype(np.float64) ** 2)))
    rms = np.sqrt(np.maximum(energy[window:] - energy[:-window], 0.0) / window)
    loud = np.flatnonzero(rms > threshold)
    if loud.size == 0:
        return None
    keep = round(sample_rate * keep_ms / 1000.0)
    return max(0, int(loud[0]) - keep), min(audio.size, int(loud[-1]) + window + keep)
