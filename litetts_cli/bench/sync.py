"""Are sentence cues where the sentence is heard? Cues against Whisper's word timestamps.

Whisper tiny.en (``verify.whisper.whisper_model``) transcribes the finished audio with word
timestamps; our words (``--timestamps json``) are matched to what it heard in order, a
few words of slack either way, and each sentence's first word gives one signed offset:
our start minus Whisper's. Whisper's own word times scatter by some tens of
milliseconds, so a single offset is noisy; a drift shows as the offsets' median moving
along the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from litetts_cli.verify.whisper import WHISPER_RATE, resample, whisper_model


@dataclass(frozen=True)
class SentenceOffset:
    text: str
    start: float
    """Our cue's start, seconds."""
    heard: float
    """Where Whisper heard its first word start, seconds."""

    @property
    def offset(self) -> float:
        return self.start - self.heard


def norm_word(word: str) -> str:
    return re.sub(r"[^a-z0-9']", "", word.lower().replace("’", "'"))


def heard_words(audio: np.ndarray, sample_rate: int, model=None) -> list[tuple[str, float]]:
    """(normalized word, start seconds) for every word Whisper hears in ``audio``."""
    model = model or whisper_model()
    segments, _ = model.transcribe(resample(audio, sample_rate, WHISPER_RATE), language="en",
                                   beam_size=1, vad_filter=False, word_timestamps=True)
    return [(norm_word(w.word), w.start) for s in segments for w in s.words]


def sentence_offsets(stamps: dict, heard: list[tuple[str, float]], window: int = 3) -> list[SentenceOffset]:
    """One offset per sentence whose first word Whisper heard, from a ``--timestamps json`` dict.

    Words are matched in order: each of ours looks ``window`` words ahead of the last
    match for the same word; a sentence counts when its first word was matched.
    """
    starts = {round(c["start"], 3): c["text"] for c in stamps["sentences"]}
    offsets, position = [], 0
    for word in stamps["words"]:
        token = norm_word(word["text"])
        for j in range(position, min(position + window, len(heard))):
            if heard[j][0] == token:
                position = j + 1
                key = round(word["start"], 3)
                if key in starts:
                    offsets.append(SentenceOffset(starts.pop(key), word["start"], heard[j][1]))
                break
    return offsets


def drift_summary(offsets: list[SentenceOffset], sentences: int, windows: int = 6) -> dict:
    """Max/median |offset| over all matched sentences, and the median signed offset per
    stretch of the book (``windows`` equal parts by sentence count): drift is how far
    those medians move."""
    values = np.array([o.offset for o in offsets])
    parts = [float(np.median(p)) for p in np.array_split(values, windows) if len(p)]
    return {
        "sentences": sentences,
        "matched": len(offsets),
        "median_abs_ms": round(1000 * float(np.median(np.abs(values))), 1),
        "p90_abs_ms": round(1000 * float(np.percentile(np.abs(values), 90)), 1),
        "max_abs_ms": round(1000 * float(np.max(np.abs(values))), 1),
        "median_by_part_ms": [round(1000 * p, 1) for p in parts],
        "drift_ms": round(1000 * (max(parts) - min(parts)), 1),
    }
