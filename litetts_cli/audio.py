"""Audio sample conversions, defined once: mono float32 in, 16-bit PCM out and back.

Everything that turns float samples into 16-bit integers (the chunk cache, WAV and PCM
writers, the server's stream) and back goes through here, so the cache and the
encoders hold the same numbers for the same audio.
"""

from __future__ import annotations

import numpy as np

INT16_SCALE = 32768.0
"""Full scale of 16-bit PCM, as libsndfile scales it: 1.0 -> 32767 (clipped), -1.0 -> -32768."""


def as_mono_float32(samples: np.ndarray) -> np.ndarray:
    """Return ``samples`` as a 1-D float32 array (a copy only when needed).

    Accepts shape ``(n,)`` or ``(n, 1)``; NaN and infinities become 0 so a single bad
    value from the model cannot turn into a full-scale pop in the encoded file.
    """
    array = np.asarray(samples)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim != 1:
        raise ValueError(f"expected mono samples of shape (n,), got {array.shape}")
    array = array.astype(np.float32, copy=False)
    if not np.all(np.isfinite(array)):
        array = np.nan_to_num(array, nan=0.0, posinf=0.0, neginf=0.0)
    return array


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples as signed 16-bit little-endian bytes, clipped and rounded."""
    scaled = np.round(as_mono_float32(samples).astype(np.float64) * INT16_SCALE)
    return np.clip(scaled, -INT16_SCALE, INT16_SCALE - 1).astype("<i2").tobytes()


def from_pcm16(data: bytes) -> np.ndarray:
    """Signed 16-bit little-endian bytes back to float32 samples."""
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / np.float32(INT16_SCALE)
