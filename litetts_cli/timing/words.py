"""Words of a chunk and where the model spoke them, from its per-token durations.

The converted model says how many samples each phoneme token lasts
(``engine.durations``). The chunk's phoneme string keeps the phonemizer's word
breaks (a space between words) and its punctuation (tokens of their own, which the
model renders as pauses); this module walks the tokens, groups them into spoken
words, pairs those with the chunk's written words, and gives each word its first and
last sample in the chunk's own audio. Punctuation and pauses belong to no word: a
word ends where its last phoneme ends, not where the pause after it ends.

When the phonemizer joined or split words (espeak says "in the" as one group), the
counts differ; written and spoken words are then aligned in order (a group may hold
a few words, a word a few groups) so that token counts follow letter counts, and
words sharing a group split it by letters. Counts that match are exact.
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
    """Token ranges for each written word: the groups one to one when the counts agree;
    else a monotonic alignment in which a group may hold up to three words (espeak's
    "ɪnðə" for "in the") or a word up to three groups, chosen so that token counts
    follow letter counts; words sharing a group split it by letters."""
    if len(words) == len(groups):
        return groups
    letters = [max(1, len(_LETTERS.findall(w))) for w in words]
    sizes = [last - first for first, last in groups]
    ratio = sum(sizes) / sum(letters)
    n, m = len(words), len(groups)
    cost = np.full((n + 1, m + 1), np.inf)
    cost[0, 0] = 0.0
    step: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            if not np.isfinite(cost[i, j]):
                continue
            for a, b in ((1, 1), (2, 1), (3, 1), (1, 2), (1, 3)):
                if i + a > n or j + b > m:
                    continue
                want = ratio * sum(letters[i:i + a])
                have = sum(sizes[j:j + b])
                value = cost[i, j] + abs(np.log(have / want)) + (0.0 if a == b else 0.3)
                if value < cost[i + a, j + b]:
                    cost[i + a, j + b] = value
                    step[(i + a, j + b)] = (a, b)
    if not np.isfinite(cost[n, m]):
        return _shared([(0, n)], words, [(groups[0][0], groups[-1][1])])
    segments, i, j = [], n, m
    while i or j:
        a, b = step[(i, j)]
        segments.append(((i - a, i), (groups[j - b][0], groups[j - 1][1])))
        i, j = i - a, j - b
    segments.reverse()
    return _shared([w for w, _ in segments], words, [g for _, g in segments])


def _shared(runs: list[tuple[int, int]], words: list[str], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each run of words shares its token span by letters (a run of one keeps it whole)."""
    out = []
    for (lo, hi), (first, last) in zip(runs, spans):
        letters = np.array([max(1, len(_LETTERS.findall(w))) for w in words[lo:hi]], dtype=np.float64)
        cuts = first + np.round(np.concatenate(([0.0], np.cumsum(letters))) / letters.sum() * (last - first)).astype(int)
        for k in range(hi - lo):
            start = min(int(cuts[k]), last - 1)
            out.append((start, max(int(cuts[k + 1]), start + 1)))
    return out


def placed_word_times(text: str, phonemes: str, durations: np.ndarray | None, span) -> list[tuple[str, float, float]]:
    """(word, start s, end s) of a chunk's words where assembly put them in the output
    (``span``: the chunk's ``ChunkSpan``, after trimming and pauses); [] without durations."""
    if durations is None:
        return []
    rate = span.sample_rate
    return [(w.text, span.place(w.start) / rate, span.place(w.end) / rate)
            for w in word_times(text, phonemes, durations)]
