"""Which language a text is written in, from its script and, for Latin script, from
accents and common words: enough to pick a voice when the user gave none (issue 18).

Short texts are the point (a ``synth`` argument), so every clue counts: a Devanagari,
kana or Han letter is decisive; in Latin script, function words and letters that only
some languages use ("ñ", "ç", "ã") are scored, and English wins unless another language
clearly leads.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from litetts_cli.normalize.base import load_json

_SCRIPTS = (
    ("ja", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")


def script_language(text: str) -> str | None:
    """``ja``, ``zh`` or ``hi`` when letters of that script make up a clear share of the
    text's letters (kana decides Japanese over Chinese); otherwise None."""
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return None
    counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS}
    if counts["ja"] and counts["ja"] + counts["zh"] >= 0.3 * letters:
        return "ja"
    for code in ("zh", "hi"):
        if counts[code] >= 0.3 * letters:
            return code
    return None


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[frozenset[str], str]]:
    data = load_json("language_markers.json")
    return {code: (frozenset(entry["words"]), entry["letters"]) for code, entry in data["languages"].items()}


def detect_language(text: str) -> str | None:
    """The language ``text`` is clearly written in: ``en``, ``es``, ``fr``, ``it``,
    ``pt``, ``hi``, ``ja`` or ``zh``; None when there are no letters to judge by.

    Example:
        >>> detect_language("Bonjour, je m'appelle Marie et j'habite à Paris.")
        'fr'
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    if not _LATIN.search(text):
        return None
    words = Counter(w.lower() for w in _WORD.findall(text[:20000]))
    scores: dict[str, float] = {}
    for code, (function_words, letters) in _markers().items():
        score = sum(n for word, n in words.items() if word in function_words)
        score += 0.5 * sum(text.count(ch) for ch in letters)
        scores[code] = score
    english = scores.pop("en", 0.0)
    best = max(scores, key=scores.__getitem__)
    others = sorted(scores.values(), reverse=True)
    if scores[best] >= 2 and scores[best] > 1.5 * english and scores[best] > others[1]:
        return best
    return "en"


__all__ = ["detect_language", "script_language"]
