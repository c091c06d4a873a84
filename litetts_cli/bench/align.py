"""Where each word of a known text starts in speech: PocketSphinx forced alignment.

A second reference for word timing next to Whisper (``bench.sync``). PocketSphinx's
wheel ships the CMU en-us acoustic model and pronouncing dictionary, so nothing is
downloaded. Given the words that were said, it finds the most likely frame (10 ms) at
which each phone starts. Against the sound's own onset at sentence starts (where a
pause makes the onset exact) it is early by a steady ~30 ms, while Whisper tiny.en's
starts scatter over about 200 ms (benchmarks/timing/drift.md).
"""

from __future__ import annotations

import re

import numpy as np

from litetts_cli.errors import QualityToolsMissing
from litetts_cli.verify.whisper import WHISPER_RATE, resample

LEAD_IN_S = 0.3
"""Silence put before the audio: the aligner wants to start in silence."""
FRAME_S = 0.01


def forced_words(audio: np.ndarray, rate: int, words: list[str]) -> list[tuple[str, float]] | None:
    """(word, start seconds) for each of ``words`` (lower case, no punctuation) in
    ``audio``; None when a word is not in the aligner's dictionary.

    Raises:
        QualityToolsMissing: pocketsphinx is not installed.
    """
    try:
        from pocketsphinx import Decoder
    except ImportError:
        raise QualityToolsMissing("word alignment needs pocketsphinx", hint="pip install pocketsphinx") from None
    decoder = Decoder(samprate=WHISPER_RATE, bestpath=False, loglevel="FATAL")
    if not words or any(decoder.lookup_word(w) is None for w in words):
        return None
    pcm = np.concatenate([np.zeros(round(LEAD_IN_S * WHISPER_RATE), dtype=np.float32),
                          resample(audio, rate, WHISPER_RATE)])
    decoder.set_align_text(" ".join(words))
    decoder.start_utt()
    decoder.process_raw((np.clip(pcm, -1.0, 1.0) * 32767).astype(np.int16).tobytes(), full_utt=True)
    decoder.end_utt()
    return [(re.sub(r"\(\d+\)$", "", s.word), s.start_frame * FRAME_S - LEAD_IN_S)
            for s in decoder.seg() if not s.word.startswith(("<", "["))]
