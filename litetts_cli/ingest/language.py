"""Languages of books and chapters: tags, a light detector, and the voice to read them with.

A book says its language in ``dc:language`` and each document or element may say its
own in ``xml:lang``. Generated books do not always: a Sphinx build with its
translations in the spine marks every page with the project's one language. So a long
chapter whose declared language is the book's own is checked against the common
function words of a few languages (and the script it is written in); only a clear
winner overrides the declaration.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from litetts_cli.errors import UsageError

NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese", "hi": "Hindi",
    "ja": "Japanese", "zh": "Chinese", "de": "German", "nl": "Dutch", "pl": "Polish", "cs": "Czech",
    "ro": "Romanian", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew",
    "ko": "Korean", "sa": "Sanskrit", "id": "Indonesian", "sl": "Slovenian",
}

# Language -> (default Kokoro voice, espeak-ng language), for the languages litetts reads.
_VOICES = {
    "en": ("af_heart", "en-us"),
    "en-us": ("af_heart", "en-us"),
    "en-gb": ("bf_emma", "en-gb"),
    "es": ("ef_dora", "es"),
    "fr": ("ff_siwis", "fr-fr"),
    "it": ("if_sara", "it"),
    "pt": ("pf_dora", "pt-br"),
    "hi": ("hf_alpha", "hi"),
    "ja": ("jf_alpha", "ja"),
    "zh": ("zf_xiaobei", "zh"),
}
# Kokoro has voices for these, but litetts has no phonemizer for them yet.
_NO_PHONEMIZER: set[str] = set()

_DETECT_MIN_WORDS = 150
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SCRIPTS = (
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
)
_UKRAINIAN_LETTERS = re.compile(r"[їєґі]", re.IGNORECASE)


def primary(tag: str) -> str:
    """``en-GB`` -> ``en``; ``""`` stays ``""``."""
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def canonical(tag: str) -> str:
    """A language tag lower-cased with hyphens: ``en_GB`` -> ``en-gb``."""
    return (tag or "").strip().lower().replace("_", "-")


def name(tag: str) -> str:
    """``fr-CA`` -> ``French``; unknown tags are returned as given."""
    return NAMES.get(primary(tag), tag or "unknown")


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    data = resources.files("litetts_cli.ingest").joinpath("data/stopwords.json").read_text(encoding="utf-8")
    return {lang: frozenset(words) for lang, words in json.loads(data).items()}


def detect(text: str) -> str | None:
    """The language ``text`` is clearly written in, or ``None`` when unsure or too short."""
    sample = text[:20000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 200:
        return None
    for language, pattern in _SCRIPTS:
        if len(pattern.findall(sample)) > 0.3 * len(letters):
            if language == "cyrillic":
                return "uk" if len(_UKRAINIAN_LETTERS.findall(sample)) > 0.01 * len(letters) else "ru"
            return language
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _DETECT_MIN_WORDS:
        return None
    counts = Counter(words)
    scores = {lang: sum(counts[w] for w in stop) for lang, stop in _stopwords().items()}
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    if top >= 0.2 * len(words) and top >= 2 * second:
        return best
    return None


def default_voice(tag: str) -> str:
    """The Kokoro voice that reads ``tag`` by default.

    Raises:
        UsageError: Kokoro (or litetts) has no voice for that language.
    """
    key = canonical(tag)
    found = _VOICES.get(key) or _VOICES.get(primary(key))
    if found:
        return found[0]
    if primary(key) in _NO_PHONEMIZER:
        raise UsageError(
            f"litetts cannot read {name(key)} yet: its Kokoro voices need a phonemizer litetts does not have",
            hint="read it with --languages to skip those chapters, or pick --voice to read it anyway",
        )
    raise UsageError(
        f"Kokoro has no {name(key)} voice ({key})",
        hint="it speaks English, Spanish, French, Italian, Portuguese, Hindi, Japanese and Chinese; "
        "pass --voice to read it with one of those voices anyway",
    )


def espeak_language(tag: str, fallback: str) -> str:
    """The espeak-ng language for ``tag``; ``fallback`` (the voice's) when litetts has none."""
    key = canonical(tag)
    found = _VOICES.get(key) or _VOICES.get(primary(key))
    return found[1] if found else fallback


def parse_languages(spec: str | None) -> frozenset[str] | None:
    """``--languages``: ``None``/``"book"`` = the book's own; ``"all"``; or codes ``"en,fr"``.

    Returns:
        ``None`` for the book's own language, an empty set for all, or primary codes.
    """
    if spec is None or spec.strip().lower() in ("", "book"):
        return None
    if spec.strip().lower() == "all":
        return frozenset()
    codes = frozenset(primary(c) for c in spec.split(",") if c.strip())
    bad = sorted(c for c in codes if not c.isalpha() or len(c) > 3)
    if bad or not codes:
        raise UsageError(
            f"--languages {spec!r} is not a list of language codes", hint='use "all", "book", or codes like "en,fr"'
        )
    return codes
