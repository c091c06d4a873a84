"""How different two clips sound: one log-mel spectrogram, and the distances built on it.

``litetts models convert`` bounds a converted model's audio by :func:`log_mel_distance`
(equal-length clips, frame by frame); ``litetts benchmark --quality`` compares model
variants with :func:`spectral_distance` (the same spectrogram, aligned in time by dynamic
time warping, since variants may pace words slightly differently). Both read the same
:func:`log_mel`, so a distance means the same thing wherever it is reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MEL_BANDS = 80
N_FFT = 1024
HOP = 256
MEL_FLOOR = 1e-5
"""Floor on mel power before log10, so near-silent frames do not dominate a distance."""
NEPERS_PER_BEL = float(np.log(10.0))
_N_CEPS = 24
_MAX_CELLS = 4_000_000
"""Largest DTW matrix (frames x frames) before frames are averaged in pairs, triples..."""
_CEPSTRUM_DB = 10.0 / np.log(10.0) * np.sqrt(2.0)


@lru_cache(maxsize=4)
def mel_filters(sample_rate: int) -> np.ndarray:
    """Triangular HTK-mel filters from 0 Hz to Nyquist, shape (80, N_FFT // 2 + 1)."""
    def hz_to_mel(hz):
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    def mel_to_hz(mel):
        return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)

    edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(sample_rate / 2), MEL_BANDS + 2))
    bins = np.linspace(0, sample_rate / 2, N_FFT // 2 + 1)
    rising = (bins[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
    falling = (edges[2:, None] - bins[None, :]) / (edges[2:, None] - edges[1:-1, None])
    return np.maximum(0.0, np.minimum(rising, falling))


def log_mel(audio: np.ndarray, sample_rate: int = 24_000) -> np.ndarray:
    """log10 mel power, (frames, 80): Hann window 1024, hop 256, HTK mel 0 Hz-Nyquist."""
    audio = np.asarray(audio, dtype=np.float64).reshape(-1)
    if audio.size < N_FFT:
        audio = np.pad(audio, (0, N_FFT - audio.size))
    frames = 1 + (audio.size - N_FFT) // HOP
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    power = np.abs(np.fft.rfft(audio[index] * window, axis=1)) ** 2
    return np.log10(np.maximum(power @ mel_filters(sample_rate).T, MEL_FLOOR))


def log_mel_distance(reference: np.ndarray, candidate: np.ndarray, sample_rate: int = 24_000) -> float:
    """Mean absolute difference of :func:`log_mel` (in log10 units, i.e. bels) over
    two equally long clips; a length mismatch is an error, not a distance."""
    if np.asarray(reference).size != np.asarray(candidate).size:
        raise ValueError(f"lengths differ: {np.asarray(reference).size} vs {np.asarray(candidate).size} samples")
    return float(np.mean(np.abs(log_mel(reference, sample_rate) - log_mel(candidate, sample_rate))))


def _cepstra(mel: np.ndarray) -> np.ndarray:
    """Coefficients 1..24 of the DCT-II of a log-mel spectrogram (c0, loudness, dropped)."""
    n = mel.shape[1]
    k = np.arange(1, _N_CEPS + 1)[:, None]
    basis = np.cos(np.pi * k * (np.arange(n)[None, :] + 0.5) / n) * np.sqrt(2.0 / n)
    return mel @ basis.T


def dtw_path(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Frame pairs (i, j) of the cheapest monotonic alignment of feature rows a and b."""
    squared = (a**2).sum(axis=1)[:, None] + (b**2).sum(axis=1)[None, :] - 2.0 * (a @ b.T)
    cost = np.sqrt(np.clip(squared, 0.0, None))
    n, m = cost.shape
    total = np.full((n, m), np.inf)
    previous = np.full(m, np.inf)
    for i in range(n):
        # total[i, j] = cost[i, j] + min(total[i-1, j], total[i-1, j-1], total[i, j-1]);
        # the left-neighbour term is a running minimum over prefix sums of the row.
        from_above = previous.copy()
        from_above[1:] = np.minimum(previous[1:], previous[:-1])
        if i == 0:
            from_above[0] = 0.0
        sums = np.cumsum(cost[i])
        shifted = np.concatenate(([0.0], sums[:-1]))
        total[i] = sums + np.minimum.accumulate(from_above - shifted)
        previous = total[i]
    return _backtrack(total)


def _backtrack(total: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    i, j = total.shape[0] - 1, total.shape[1] - 1
    path = [(i, j)]
    while i > 0 or j > 0:
        steps = []
        if i > 0 and j > 0:
            steps.append((total[i - 1, j - 1], i - 1, j - 1))
        if i > 0:
            steps.append((total[i - 1, j], i - 1, j))
        if j > 0:
            steps.append((total[i, j - 1], i, j - 1))
        _, i, j = min(steps)
        path.append((i, j))
    rows, cols = zip(*reversed(path))
    return np.array(rows), np.array(cols)


def _pool_frames(features: np.ndarray, factor: int) -> np.ndarray:
    if factor == 1:
        return features
    usable = max(factor, len(features) - len(features) % factor)
    features = features[:usable] if len(features) >= usable else np.pad(features, ((0, usable - len(features)), (0, 0)), mode="edge")
    return features.reshape(-1, factor, features.shape[1]).mean(axis=1)


@dataclass(frozen=True)
class SpectralDistance:
    mel_cepstral_distortion_db: float
    """Mean distance of mel cepstra (c1..c24) along the alignment, in dB; 0 is identical."""
    log_mel_l1: float
    """Mean absolute difference of log-mel bins along the alignment (nepers)."""
    duration_ratio: float
    """Candidate duration / reference duration."""

    def to_dict(self) -> dict:
        return {
            "mel_cepstral_distortion_db": round(self.mel_cepstral_distortion_db, 3),
            "log_mel_l1": round(self.log_mel_l1, 4),
            "duration_ratio": round(self.duration_ratio, 4),
        }


def spectral_distance(reference: np.ndarray, candidate: np.ndarray, sample_rate: int) -> SpectralDistance:
    """How far ``candidate`` sounds from ``reference``, time-aligned by DTW on mel cepstra."""
    mel_ref = log_mel(reference, sample_rate) * NEPERS_PER_BEL
    mel_cand = log_mel(candidate, sample_rate) * NEPERS_PER_BEL
    # Long audio is compared on averaged frames so the alignment matrix stays small.
    factor = max(1, int(np.ceil(np.sqrt(len(mel_ref) * len(mel_cand) / _MAX_CELLS))))
    mel_ref, mel_cand = _pool_frames(mel_ref, factor), _pool_frames(mel_cand, factor)
    ceps_ref, ceps_cand = _cepstra(mel_ref), _cepstra(mel_cand)
    rows, cols = dtw_path(ceps_ref, ceps_cand)
    diff = ceps_ref[rows] - ceps_cand[cols]
    mcd = float(np.mean(_CEPSTRUM_DB * np.sqrt((diff**2).sum(axis=1))))
    l1 = float(np.mean(np.abs(mel_ref[rows] - mel_cand[cols])))
    ratio = len(candidate) / len(reference) if len(reference) else float("inf")
    return SpectralDistance(mcd, l1, ratio)
