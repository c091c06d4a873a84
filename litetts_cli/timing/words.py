"""Words of a chunk and where the model spoke them, from its per-token durations.

The converted model says how many samples each phoneme token lasts
(``engine.durations``). The chunk's phoneme string keeps the phonemizer's word
breaks (a space between words) and its punctuation (tokens of their own, which the
model renders as pauses); this module walks the tokens, groups them into spoken
words, pairs those with the chunk's written words, and gives each word its first and
last sample in the chunk's own audio. Punctuation and pauses belong to no word: a
word ends where its last phoneme ends, not where the pause after it ends.

When the phonemizer joined or split words (espeak says "of the" as one group, a
number as several), the counts differ; the written words then share the spoken
groups in proportion to their letters, cut at token boundaries. Counts that match
are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from litetts_cli.g2p.tokens import keep_known

_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"\w", re.UNICODE)
_PHONEME_PUNCTUATION = set(';:,.!?¡¿—…"«»“”()↓→↗↘')
"""Vocabulary tokens that are punctuation (rendered as pauses), not sounds of a word."""


@dataclass(frozen=True)
class WordTime:
    """One written word and the samples it was spoken in (chunk-relative or final)."""

    text: str
    start: int
    end: int


def spoken_groups(phonemes: str) -> list[tuple[int, int]]:
    """Token index ranges ``[first, last + 1)`` of each spoken word in ``phonemes``
    (indices into the model's tokens, ``keep_known(phonemes)``)."""
    groups: list[tuple[int, int]] = []
    start = None
    for index, ch in enumerate(keep_known(phonemes)):
        sound = not ch.isspace() and ch not in _PHONEME_PUNCTUATION
        if sound and start is None:
            start = index
        elif not sound and start is not None:
            groups.append((start, index))
            start = None
    if start is not None:
        groups.append((start, len(keep_known(phonemes))))
    return groups


def written_words(text: str) -> list[str]:
    """The chunk's words as written (punctuation attached), those with a letter or digit."""
    return [w for w in _WORD.findall(text) if _LETTERS.search(w)]


def word_times(text: str, phonemes: str, durations: np.ndarray) -> list[WordTime]:
    """Each written word of a chunk and its samples in the chunk's audio.

    Args:
        text: the chunk's text as spoken (after normalization, markup removed).
        phonemes: the chunk's phonemes (what its tokens were made from).
        durations: samples per token, padding tokens first and last included
            (``ChunkResult.durations``).
    """
    words = written_words(text)
    groups = spoken_groups(phonemes)
    tokens = len(keep_known(phonemes))
    if not words or not groups or len(durations) != tokens + 2:
        return []
    # Sample where token i starts: the leading padding token comes first.
    edges = np.concatenate(([0], np.cumsum(np.asarray(durations, dtype=np.int64))))[1:]
    spans = _pair(words, groups)
    return [WordTime(word, int(edges[first]), int(edges[last])) for word, (first, last) in zip(words, spans)]


def _pair(words: list[str], groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges for each written word: the groups one to one when the counts agree,
    else the spoken tokens shared out by letter count."""
    if len(words) == len(groups):
        return groups
    sounds = [t for first, last in groups for t in range(first, last)]
    letters = np.array([max(1, len(_LETTERS.findall(w))) for w in words], dtype=np.float64)
    cuts = np.round(np.cumsum(letters)[:-1] / letters.sum() * len(sounds)).astype(int)
    # Snap each cut to the nearest word break of the spoken groups when one is close,
    # then keep every word at least one token long where there are tokens enough.
    breaks = np.cumsum([last - first for first, last in groups])
    edges = [0]
    for i, cut in enumerate(cuts, start=1):
        room = len(sounds) - (len(words) - i)
        edges.append(int(min(max(_snap(int(cut), breaks), edges[-1] + 1), max(room, edges[-1]))))
    edges.append(len(sounds))
    spans = []
    for lo, hi in zip(edges, edges[1:]):
        lo = min(lo, len(sounds) - 1)
        spans.append((sounds[lo], sounds[max(hi, lo + 1) - 1] + 1))
    return spans


def _snap(cut: int, breaks: np.ndarray, reach: int = 2) -> int:
    if cut <= 0:
        return 0
    nearest = int(breaks[np.argmin(np.abs(breaks - cut))])
    return nearest if abs(nearest - cut) <= reach else int(cut)
