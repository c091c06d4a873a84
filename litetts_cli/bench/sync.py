"""Are sentence cues where the sentence is heard? Cues against Whisper's word timestamps,
and against the onset of sound after each sentence's pause (``bench.onsets``), which
Whisper's words only locate.

Whisper tiny.en (``verify.whisper.whisper_model``) transcribes the finished audio with word
timestamps; our words (``--timestamps json``) are aligned with what it heard, in order,
and each sentence's first word gives one signed offset:
our start minus Whisper's. Whisper's own word times scatter by some tens of
milliseconds, so a single offset is noisy; a drift shows as the offsets' median moving
along the book.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from litetts_cli.bench.onsets import Onset, levels_db, onset_in
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


def sentence_matches(stamps: dict, heard: list[tuple[str, float]]) -> list[tuple[str, float, int]]:
    """(sentence text, our cue start, index in ``heard`` of its first word) for every
    sentence of a ``--timestamps json`` dict whose first word Whisper heard.

    Our words and Whisper's are aligned as two sequences (``difflib``): a word Whisper
    heard differently ("1888", a hyphenated word) or skipped leaves a gap, and the
    words after it still pair up. A sentence counts when its first word is paired.
    """
    words = stamps["words"]
    starts = {round(c["start"], 3): c["text"] for c in stamps["sentences"]}
    matcher = SequenceMatcher(None, [norm_word(w["text"]) for w in words], [w for w, _ in heard], autojunk=False)
    matches = []
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            word = words[block.a + k]
            key = round(word["start"], 3)
            if key in starts:
                matches.append((starts.pop(key), word["start"], block.b + k))
    return matches


def sentence_offsets(stamps: dict, heard: list[tuple[str, float]]) -> list[SentenceOffset]:
    """One offset per sentence whose first word Whisper heard (:func:`sentence_matches`),
    against Whisper's start of that word."""
    return [SentenceOffset(text, start, heard[j][1]) for text, start, j in sentence_matches(stamps, heard)]


@dataclass(frozen=True)
class SentenceOnset:
    """A sentence's cue against where its sound starts after the pause before it."""

    text: str
    start: float
    """Our cue's start, seconds."""
    heard: float
    """Where Whisper heard its first word start, seconds."""
    found: Onset | None
    """The pause before the sentence and the first sound after it (``bench.onsets``);
    None when no pause lay between Whisper's neighbouring words."""

    @property
    def offset(self) -> float | None:
        """Our cue start minus the onset, seconds."""
        return None if self.found is None else self.start - self.found.onset


def sentence_onsets(stamps: dict, heard: list[tuple[str, float]], audio: np.ndarray, rate: int) -> list[SentenceOnset]:
    """For every sentence Whisper heard (:func:`sentence_matches`), the onset of sound
    after the last pause that begins by Whisper's start of its first word, between the
    starts of the words Whisper heard before and after that word (``bench.onsets``): Whisper picks
    the place, the audio the time. Our cues play no part in it."""
    levels = levels_db(audio, rate)
    out = []
    for text, start, j in sentence_matches(stamps, heard):
        lo = heard[j - 1][1] if j > 0 else 0.0
        hi = heard[j + 1][1] if j + 1 < len(heard) else len(audio) / rate
        out.append(SentenceOnset(text, start, heard[j][1], onset_in(levels, rate, lo, hi, heard[j][1])))
    return out


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
