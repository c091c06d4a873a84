"""Japanese G2P: the phonemes Kokoro v1.0's Japanese voices (jf_*, jm_*) were trained on.

Kokoro v1.0 learned Japanese from misaki's first-generation frontend, cutlet over
fugashi (MeCab) with the unidic-lite dictionary: words get their dictionary reading in
kana, and kana map to IPA-like phonemes (``こんにちは`` -> ``koɲɲiʨiβa``). We run that
same frontend (``misaki.cutlet``), installed with ``litetts[ja]``; unidic-lite ships its
dictionary in the wheel, so nothing is downloaded at run time. Latin words go to
English espeak-ng (see :mod:`litetts_cli.g2p.mixed`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from litetts_cli.g2p.mixed import align_words, missing_extra, phonemize_mixed

# One MeCab tagger serves the process and MeCab taggers are not safe to share between
# threads (the server phonemizes from several), so every call holds this lock.
_LOCK = threading.Lock()

_DIGIT_RUN = re.compile(r"\d+")
_SMALL = "ぁぃぅぇぉゃゅょァィゥェォャュョ"
_STRAY_SMALL_KANA = re.compile(rf"(?:(?<![ぁ-ゖァ-ヺ])|(?<=[んンーっッ{_SMALL}]))[{_SMALL}]")
_FULL_SIZE = str.maketrans("ぁぃぅぇぉゃゅょァィゥェォャュョ", "あいうえおやゆよアイウエオヤユヨ")
"""A small kana with nothing to combine with (after ン, ー, ッ, another small kana, or
no kana at all) is read full size: cutlet raises KeyError on ンャ and passes ャヽ
through unread."""
_KANA_REPEAT = re.compile(r"([ぁ-ゖァ-ヺ])([ゝゞヽヾ])")
_VOICED = str.maketrans(
    "かきくけこさしすせそたちつてとはひふへほカキクケコサシスセソタチツテトハヒフヘホ",
    "がぎぐげござじずぜぞだぢづでどばびぶべぼガギグゲゴザジズゼゾダヂヅデドバビブベボ",
)
"""The kana iteration marks (あゝ = ああ, すゞ = すず): cutlet writes the repeated kana
itself instead of its sound, so they are spelled out before it reads them."""
_CLAUSE_END = re.compile(r"(?<=[。！？、，!?,.;:])[」』）)”’\]]*")
_WORDS_PER_CALL = 32
"""cutlet groups words in time cubic in the length of a run without punctuation (33 s
for 1,600 characters here), so it is called on clauses, and a clause longer than this
many MeCab words is called in pieces of this size. A cut there can only change a space
between two words, never a reading."""
_LONGEST_NUMBER = 9
"""cutlet's number reader stops at nine digits (it asserts on more)."""


@lru_cache(maxsize=1)
def _cutlet():
    try:
        from misaki.cutlet import Cutlet
    except ImportError as exc:
        raise missing_extra("Japanese", "ja", exc) from None
    return Cutlet()


def _readable_digits(match: re.Match[str]) -> str:
    """ASCII digits for any script's (cutlet knows only 0-9); a run longer than cutlet
    can read is read digit by digit. The normalizer has usually written numbers out
    already; this keeps raw digits (``--disable numbers``) from failing."""
    digits = "".join(str(unicodedata.digit(c, 0)) for c in match.group(0))
    return " ".join(digits) if len(digits) > _LONGEST_NUMBER else digits


def _native(text: str) -> str:
    text = _DIGIT_RUN.sub(_readable_digits, text)
    text = _STRAY_SMALL_KANA.sub(lambda m: m.group(0).translate(_FULL_SIZE), text)
    text = _KANA_REPEAT.sub(_repeat_kana, text)
    cutlet = _cutlet()
    with _LOCK:
        return " ".join(p for p in (cutlet(piece)[0] for piece in _pieces(text, cutlet.tagger)) if p)


def _repeat_kana(match: re.Match[str]) -> str:
    kana, mark = match.groups()
    return kana + (kana.translate(_VOICED) if mark in "ゞヾ" else kana)


def _pieces(text: str, tagger) -> list[str]:
    """``text`` cut after its punctuation (closing quotes stay with it), and a long run
    without punctuation cut between words every :data:`_WORDS_PER_CALL` words."""
    pieces = []
    start = 0
    for match in _CLAUSE_END.finditer(text):
        pieces.append(text[start : match.end()])
        start = match.end()
    pieces.append(text[start:])
    out = []
    for piece in pieces:
        if not piece.strip():
            continue
        if len(piece) <= _WORDS_PER_CALL:
            out.append(piece)
            continue
        words = align_words(piece, [w.surface for w in tagger(piece)])
        out.extend("".join(words[i : i + _WORDS_PER_CALL]) for i in range(0, len(words), _WORDS_PER_CALL))
    return out


def phonemize(text: str) -> str:
    """Kokoro phonemes for Japanese text (kana, kanji, digits, punctuation, Latin words).

    Example:
        >>> phonemize("こんにちは、世界。")
        'koɲɲiʨiβa, sekai.'
    """
    if not text.strip():
        return ""
    # Full-width Latin letters become ASCII so they are found as Latin words; cutlet
    # applies the same NFKC to everything it reads.
    return phonemize_mixed(unicodedata.normalize("NFKC", text), _native)


def split_words(text: str) -> list[str]:
    """MeCab's words, each with the whitespace that follows it; joined they give ``text``."""
    with _LOCK:
        surfaces = [word.surface for word in _cutlet().tagger(text)]
    return align_words(text, surfaces)


__all__ = ["phonemize", "split_words"]
