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
    with _LOCK:
        return _cutlet()(text)[0]


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
