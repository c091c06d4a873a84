"""Words of a chunk and where the model spoke them, from its per-token durations.

The converted model says how many samples each phoneme token lasts
(``engine.durations``). The chunk's phoneme string keeps the phonemizer's word
breaks (a space between words) and its punctuation (tokens of their own, which the
model renders as pauses); this module walks the tokens, groups them into spoken
words, pairs those with the chunk's written words, and gives each word its first and
last sample in the chunk's own audio. Punctuation and pauses belong to no word: a
word ends where its last phoneme ends, not where the pause after it ends.

When the phonemizer joined or split words (espeak says "in the" as one group, "could
not have" as "kʊd nˌɑːɾɐv"), the counts differ; written and spoken words are then
aligned in order (a group may hold a few words, a word a few groups). Given the
chunk's phonemizer, each written word is phonemized on its own and the alignment is
the one whose pairs sound most alike (fewest phoneme edits), so a merge is placed
where it happened; words sharing a group split it by their phonemes. Without one,
token counts follow letter counts, a rougher guess that can put a merge a few words
off and shift the words between by a whole word. Counts that match are exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from litetts_cli.g2p.tokens import keep_known

_WORD = re.compile(r"\S+")
_LETTERS = re.compile(r"\w", re.UNICODE)
_PHONEME_PUNCTUATION = set(';:,.!?¡¿—…"«»“”()↓→↗↘')
"""Vocabulary tokens that are punctuation (rendered as pauses), not sounds of a word."""
_OPENERS = set('"“(')
"""Vocabulary tokens that open a quote or a bracket when written onto a word's front."""
_STRESS = set("ˈˌ")
_MERGE_COST = 0.5
"""Phoneme edits charged for pairing a few words with one group (or one word with a
few groups), so one-to-one pairs win when they sound as alike."""

_BAND = 4
"""How far (in words) a pairing by sound may stray from the diagonal beyond the count difference."""

Phonemize = Callable[[str], str]


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


def word_times(text: str, phonemes: str, durations: np.ndarray, phonemize: Phonemize | None = None) -> list[WordTime]:
    """Each written word of a chunk and its samples in the chunk's audio.

    Args:
        text: the chunk's text as spoken (after normalization, markup removed).
        phonemes: the chunk's phonemes (what its tokens were made from).
        durations: samples per token, padding tokens first and last included
            (``ChunkResult.durations``).
        phonemize: the chunk's phonemizer (``G2P.phonemize``); it places words exactly
            when the phonemizer ran some together. None: placed by letter counts.
    """
    words = written_words(text)
    groups = spoken_groups(phonemes)
    tokens = len(keep_known(phonemes))
    if not words or not groups or len(durations) != tokens + 2:
        return []
    # Sample where token i starts: the leading padding token comes first.
    edges = np.concatenate(([0], np.cumsum(np.asarray(durations, dtype=np.int64))))[1:]
    if len(words) == len(groups):
        spans = groups
    elif phonemize is not None:
        kept = keep_known(phonemes)
        spans = _pair_by_sound([_sounds(phonemize(w)) for w in words], [_sounds(kept[a:b]) for a, b in groups], groups)
    else:
        spans = _pair(words, groups)
    spans = _with_lead_in(keep_known(phonemes), spans)
    return [WordTime(word, int(edges[first]), int(edges[last])) for word, (first, last) in zip(words, spans)]


def _pair(words: list[str], groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges for each written word, without a phonemizer: the pairing in which
    token counts follow letter counts; words sharing a group split it by letters."""
    letters = [max(1, len(_LETTERS.findall(w))) for w in words]
    sizes = [last - first for first, last in groups]
    ratio = sum(sizes) / sum(letters)

    def cost(i: int, a: int, j: int, b: int) -> float:
        return abs(np.log(sum(sizes[j:j + b]) / (ratio * sum(letters[i:i + a])))) + (0.0 if a == b else 0.3)

    return _shared(*_monotonic(len(words), groups, cost, band=None), words)


def _with_lead_in(tokens: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each word's range moved back over an opening quote or bracket written onto it
    (``. "ðɪs``), and over the space token before it when that space follows a pause:
    the model starts a word's sound in those tokens (after a full stop the space token
    is where the next sentence is heard to begin; the pause is the stop's own token). A
    closing quote (``?" h``) stays with the word before."""
    out = []
    for first, last in spans:
        while first > 0 and (_space_after_pause(tokens, first - 1) or (
                tokens[first - 1] in _OPENERS
                and (first == 1 or tokens[first - 2].isspace() or tokens[first - 2] in _OPENERS))):
            first -= 1
        out.append((first, last))
    return out


def _space_after_pause(tokens: str, index: int) -> bool:
    """Whether token ``index`` is a space after a pause (punctuation) or at the chunk's
    start. Between two words of running speech there is no pause to come back from:
    where a word begins there is a convention, and starting it at its first phoneme is
    the one Whisper's word timestamps keep (median signed difference -2 ms,
    ``benchmarks/timing/words.md``)."""
    return tokens[index].isspace() and (index == 0 or tokens[index - 1] in _PHONEME_PUNCTUATION)


def _sounds(phonemes: str) -> str:
    """The sounds of a phoneme string: no stress marks, spaces or punctuation."""
    return "".join(ch for ch in keep_known(phonemes) if not ch.isspace() and ch not in _PHONEME_PUNCTUATION and ch not in _STRESS)


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _pair_by_sound(words: list[str], sounds: list[str], groups: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges for each written word, given each word's phonemes said alone and each
    spoken group's (``sounds``): the pairing with the fewest phoneme edits; words sharing
    a group split it in proportion to their phonemes. Paths stay within a few words of
    the diagonal (the counts differ by a few), which keeps this linear in the chunk's length."""
    def cost(i: int, a: int, j: int, b: int) -> float:
        return _edits("".join(words[i:i + a]), "".join(sounds[j:j + b])) + (0.0 if a == b else _MERGE_COST)

    return _shared(*_monotonic(len(words), groups, cost, band=_BAND), words)


def _monotonic(n: int, groups: list[tuple[int, int]], cost, band: int | None
               ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The cheapest in-order pairing of ``n`` words with ``groups``, where a group may
    hold up to three words (espeak's "ɪnðə" for "in the") or a word up to three groups:
    (runs of words, the token range each run takes). ``cost(i, a, j, b)`` prices words
    ``i:i+a`` with groups ``j:j+b``; ``band`` keeps ``j - i`` within that many of the
    count difference. No pairing at all: every word shares the chunk."""
    m = len(groups)
    low, high = (-m - 1, n + 1) if band is None else (min(m - n, 0) - band, max(m - n, 0) + band)
    total = np.full((n + 1, m + 1), np.inf)
    total[0, 0] = 0.0
    step: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        for j in range(max(0, i + low), min(m, i + high) + 1):
            if not np.isfinite(total[i, j]):
                continue
            for a, b in ((1, 1), (2, 1), (3, 1), (1, 2), (1, 3)):
                if i + a <= n and j + b <= m:
                    value = total[i, j] + cost(i, a, j, b)
                    if value < total[i + a, j + b]:
                        total[i + a, j + b] = value
                        step[(i + a, j + b)] = (a, b)
    if not np.isfinite(total[n, m]):
        return [(0, n)], [(groups[0][0], groups[-1][1])]
    runs, spans, i, j = [], [], n, m
    while i or j:
        a, b = step[(i, j)]
        runs.append((i - a, i))
        spans.append((groups[j - b][0], groups[j - 1][1]))
        i, j = i - a, j - b
    return runs[::-1], spans[::-1]


def _shared(runs: list[tuple[int, int]], spans: list[tuple[int, int]], words: list[str]) -> list[tuple[int, int]]:
    """Each run of words shares its token span by letters, or by phonemes when ``words``
    are phoneme strings (a run of one keeps it whole)."""
    out = []
    for (lo, hi), (first, last) in zip(runs, spans):
        letters = np.array([max(1, len(_LETTERS.findall(w))) for w in words[lo:hi]], dtype=np.float64)
        cuts = first + np.round(np.concatenate(([0.0], np.cumsum(letters))) / letters.sum() * (last - first)).astype(int)
        for k in range(hi - lo):
            start = min(int(cuts[k]), last - 1)
            out.append((start, max(int(cuts[k + 1]), start + 1)))
    return out


def placed_word_times(text: str, phonemes: str, durations: np.ndarray | None, span,
                      phonemize: Phonemize | None = None) -> list[tuple[str, float, float]]:
    """(word, start s, end s) of a chunk's words where assembly put them in the output
    (``span``: the chunk's ``ChunkSpan``, after trimming and pauses); [] without durations."""
    if durations is None:
        return []
    rate = span.sample_rate
    return [(w.text, span.place(w.start) / rate, span.place(w.end) / rate)
            for w in word_times(text, phonemes, durations, phonemize)]
