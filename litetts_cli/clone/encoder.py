"""The speaker encoder: Resemblyzer (GE2E, 256-dim), whose weights ship in its wheel.

Optional: ``pip install 'litetts[clone]'`` (``make install`` installs it).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from litetts_cli.errors import CloneInputError, CloneToolsMissing

RATE = 16_000
INSTALL_HINT = "pip install 'litetts[clone]' (make install does it)"


@lru_cache(maxsize=1)
def _encoder():
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # webrtcvad's pkg_resources deprecation notice
            from resemblyzer import VoiceEncoder
        import torch
    except ImportError as exc:
        raise CloneToolsMissing(f"voice cloning needs the speaker encoder ({exc.name} is not installed)",
                                hint=INSTALL_HINT) from None
    # One thread: the engine already uses the cores, and torch's own pool oversubscribes them.
    torch.set_num_threads(1)
    return VoiceEncoder(device="cpu", verbose=False)


def _prepare(samples: np.ndarray, rate: int) -> np.ndarray:
    from resemblyzer import preprocess_wav

    return preprocess_wav(np.asarray(samples, dtype=np.float32), source_sr=rate)


def embed(samples: np.ndarray, rate: int = RATE) -> np.ndarray:
    """Unit-length speaker embedding of speech (any rate; resampled to 16 kHz)."""
    encoder = _encoder()
    wav = _prepare(samples, rate)
    if wav.size < RATE // 2:
        wav = np.asarray(samples, dtype=np.float32)  # VAD found little: embed what there is
    vector = encoder.embed_utterance(wav)
    return vector / (np.linalg.norm(vector) + 1e-9)


def embed_clip(samples: np.ndarray, name: str) -> np.ndarray:
    """A clip's embedding; CloneInputError when it holds too little voiced speech.

    Not detected: a clip holding two speakers (a test mix of two LibriSpeech readers
    was not told apart by comparing its partial embeddings, so no such check is made)."""
    encoder = _encoder()
    wav = _prepare(samples, RATE)
    if wav.size < RATE:
        raise CloneInputError(f"{name} holds under a second of voiced speech",
                              hint="use a longer recording of one person speaking")
    vector = encoder.embed_utterance(wav)
    return vector / (np.linalg.norm(vector) + 1e-9)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
