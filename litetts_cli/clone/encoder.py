"""The speaker encoder: Resemblyzer (GE2E, 256-dim), whose weights ship in its wheel.

Optional: ``pip install 'litetts[clone]'`` (``make install`` installs it).
"""

from __future__ import annotations

import warnings
from functools import lru_cache

import numpy as np

from litetts_cli.errors import CloneInputError, CloneToolsMissing

RATE = 16_000
TWO_SPEAKERS_BELOW = 0.75
"""A clip whose partial embeddings split into two groups whose centres are less similar
than this holds two speakers. Measured on LibriSpeech: 10 s + 10 s mixes of two readers
0.50-0.71; single readers' clips of 8 or more partials 0.81-0.94."""
MIN_PARTIALS = 8
"""Partials (1.6 s windows every 0.77 s, about 6 s of speech) a clip needs for the check."""
MIN_SHARE = 0.25
"""The smaller group must hold at least this share of the partials."""
INSTALL_HINT = "pip install 'litetts[clone]' (make install does it)"


@lru_cache(maxsize=1)
def voice_encoder():
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
    encoder = voice_encoder()
    wav = _prepare(samples, rate)
    if wav.size < RATE // 2:
        wav = np.asarray(samples, dtype=np.float32)  # VAD found little: embed what there is
    vector = encoder.embed_utterance(wav)
    return vector / (np.linalg.norm(vector) + 1e-9)


def embed_clip(samples: np.ndarray, name: str) -> np.ndarray:
    """A clip's embedding; CloneInputError when it holds too little voiced speech or,
    by its partial embeddings, two speakers (:func:`two_groups`)."""
    encoder = voice_encoder()
    wav = _prepare(samples, RATE)
    if wav.size < RATE:
        raise CloneInputError(f"{name} holds under a second of voiced speech",
                              hint="use a longer recording of one person speaking")
    vector, partials, _ = encoder.embed_utterance(wav, return_partials=True)
    if len(partials) >= MIN_PARTIALS:
        centres, share = two_groups(partials)
        if share >= MIN_SHARE and cosine(*centres) < TWO_SPEAKERS_BELOW:
            raise CloneInputError(f"{name} sounds like two or more speakers",
                                  hint="cut the clip to one person speaking, or pass each speaker's part separately")
    return vector / (np.linalg.norm(vector) + 1e-9)


def two_groups(partials: np.ndarray, rounds: int = 10) -> tuple[tuple[np.ndarray, np.ndarray], float]:
    """Split partial embeddings in two (spherical 2-means, started from the least similar
    pair): the two unit centres and the smaller group's share of the partials."""
    unit = partials / np.linalg.norm(partials, axis=1, keepdims=True)
    first, second = np.unravel_index(np.argmin(unit @ unit.T), (len(unit), len(unit)))
    centres = unit[[first, second]]
    labels = np.zeros(len(unit), int)
    for _ in range(rounds):
        labels = np.argmax(unit @ centres.T, axis=1)
        if labels.min() == labels.max():
            return (centres[0], centres[0]), 0.0
        centres = np.stack([unit[labels == k].mean(0) for k in (0, 1)])
        centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    share = float(min(np.mean(labels == 0), np.mean(labels == 1)))
    return (centres[0], centres[1]), share


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) + 1e-9))
