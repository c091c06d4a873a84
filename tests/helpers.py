"""Test helpers: word error rate through Whisper, audio sanity checks."""

from __future__ import annotations

import numpy as np


def transcribe(whisper, audio: np.ndarray, sample_rate: int = 24_000) -> str:
    """Whisper's transcript of float32 mono audio (resampled to 16 kHz)."""
    if sample_rate != 16_000:
        positions = np.arange(0, len(audio), sample_rate / 16_000)
        audio = np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)
    segments, _ = whisper.transcribe(audio, language="en", beam_size=1, vad_filter=False)
    return " ".join(s.text.strip() for s in segments)


def word_error_rate(reference: str, hypothesis: str) -> float:
    import jiwer
    from whisper_normalizer.english import EnglishTextNormalizer

    normalize = EnglishTextNormalizer()
    return jiwer.wer(normalize(reference), normalize(hypothesis))


def rms_db(audio: np.ndarray) -> float:
    return 20 * np.log10(np.sqrt(np.mean(np.square(audio, dtype=np.float64))) + 1e-12)
