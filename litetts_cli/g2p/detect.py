"""Which language a text is written in: one place for the script table and the word
clues, used by ``synth`` (a short text, to pick a voice) and by ingest (a chapter, to
check what the book declares) (issue 18).

The script decides first: Devanagari, kana, Han, Hangul, Arabic, Hebrew, Greek or
Cyrillic letters making up a clear share of the letters. Latin script is told apart by
words, with two policies because the costs differ:

- :func:`detect_language` (a ``synth`` argument, a few words): function words and
  letters that only some Kokoro languages use ("ñ", "ç", "ã") are scored, and English
  wins unless another language clearly leads; every clue counts.
- :func:`detect_chapter_language` (a chapter, hundreds of words): the common words of
  many languages, German and Russian included (Kokoro speaks neither, and such a
  chapter must be recognised), and "unsure" stays unsure (None), so that no text is
  set aside on a weak signal.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

_SCRIPTS = (
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
)
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_UKRAINIAN_LETTERS = re.compile(r"[їєґі]", re.IGNORECASE)
_SCRIPT_SHARE = 0.3
"""A script names the language when its letters are at least this share of all letters."""
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_SAMPLE = 20_000
"""Characters looked at: enough for any decision, and a whole book is not scanned."""
_CHAPTER_MIN_LETTERS = 200
_CHAPTER_MIN_WORDS = 150


def script_language(text: str) -> str | None:
    """The language named by the script of ``text``'s letters: ``hi``, ``ja``, ``zh``,
    ``ko``, ``ar``, ``he``, ``el``, ``ru`` or ``uk``; None for Latin script or no letters.

    Japanese is kana with or without kanji (kana a twentieth of the two at least, so a
    Japanese name quoted in Chinese text leaves it Chinese)."""
    sample = text[:_SAMPLE]
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return None
    kana = len(_KANA.findall(sample))
    counts = {code: len(pattern.findall(sample)) for code, pattern in _SCRIPTS}
    if kana and kana + counts["zh"] >= _SCRIPT_SHARE * letters and kana >= 0.05 * (kana + counts["zh"]):
        return "ja"
    for code, count in counts.items():
        if count >= _SCRIPT_SHARE * letters:
            if code == "cyrillic":
                return "uk" if len(_UKRAINIAN_LETTERS.findall(sample)) > 0.01 * letters else "ru"
            return code
    return None


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in _WORD.findall(text[:_SAMPLE]))


def _load(name: str) -> dict:
    return json.loads(resources.files("litetts_cli.g2p").joinpath(f"data/{name}").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _markers() -> dict[str, tuple[frozenset[str], str]]:
    data = _load("language_markers.json")
    return {code: (frozenset(entry["words"]), entry["letters"]) for code, entry in data["languages"].items()}


@lru_cache(maxsize=1)
def _common_words() -> dict[str, frozenset[str]]:
    return {code: frozenset(words) for code, words in _load("stopwords.json").items()}


def detect_language(text: str) -> str | None:
    """The language a short text is clearly written in, English unless another clearly
    leads: ``en``, ``es``, ``fr``, ``it``, ``pt`` or a script's language (``hi``, ``ja``,
    ``zh``, ...); None when there are no letters to judge by.

    Example:
        >>> detect_language("Bonjour, je m'appelle Marie et j'habite à Paris.")
        'fr'
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    if not _LATIN.search(text):
        return None
    words = _words(text)
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


def detect_chapter_language(text: str) -> str | None:
    """The language a chapter is clearly written in (``de`` and ``ru`` too), or None
    when unsure or too short to tell (under 200 letters, or 150 words in Latin script)."""
    sample = text[:_SAMPLE]
    if sum(1 for c in sample if c.isalpha()) < _CHAPTER_MIN_LETTERS:
        return None
    by_script = script_language(sample)
    if by_script:
        return by_script
    words = _words(sample)
    total = sum(words.values())
    if total < _CHAPTER_MIN_WORDS:
        return None
    scores = {code: sum(words[w] for w in common) for code, common in _common_words().items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 0.2 * total and top >= 2 * second:
        return best
    return None


__all__ = ["detect_chapter_language", "detect_language", "script_language"]
