"""Languages of books and chapters: tags, a detector for long text, and the voice to read them with.

A book says its language in ``dc:language`` and each document or element may say its
own in ``xml:lang``. Generated books do not always: a Sphinx build with its
translations in the spine marks every page with the project's one language. So a long
chapter is checked against the common function words of a few languages (and the
script it is written in); only a clear winner overrides the declaration.

This detector is not :func:`litetts_cli.normalize.detect.detect_language` (which picks a
voice for a short ``synth`` text and falls back to English): a chapter must be
recognised as German or Russian, languages Kokoro does not speak, and "unsure" must
stay unsure so that no text is set aside on a weak signal. The voices themselves come
from :data:`litetts_cli.g2p.languages.DEFAULT_VOICES`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from litetts_cli.errors import UsageError
from litetts_cli.g2p.languages import default_voice_for, kokoro_language

NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese", "hi": "Hindi",
    "ja": "Japanese", "zh": "Chinese", "de": "German", "nl": "Dutch", "pl": "Polish", "cs": "Czech",
    "ro": "Romanian", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew",
    "ko": "Korean", "sa": "Sanskrit", "id": "Indonesian", "sl": "Slovenian",
}

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
    """The Kokoro voice that reads ``tag`` by default (``fr`` -> ``ff_siwis``).

    Raises:
        UsageError: Kokoro has no voice for that language.
    """
    voice = default_voice_for(tag) if tag else None
    if voice:
        return voice
    raise UsageError(
        f"Kokoro has no {name(tag)} voice ({canonical(tag)})",
        hint="it speaks English, Spanish, French, Italian, Portuguese, Hindi, Japanese and Chinese; "
        "pass --voice to read it with one of those voices anyway, or leave those chapters out with --languages",
    )


def phonemizer_language(tag: str, fallback: str) -> str:
    """The litetts language code for ``tag`` (``fr`` -> ``fr-fr``); ``fallback`` (the voice's)
    when Kokoro has none."""
    return kokoro_language(tag) or fallback


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
    bad = sorted(c for c in codes if not c.isalpha() or len(c) > 3 or c in ("all", "book"))
    if bad or not codes:
        raise UsageError(
            f"--languages {spec!r} is not a list of language codes", hint='use "all", "book", or codes like "en,fr"'
        )
    return codes
