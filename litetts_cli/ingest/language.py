"""Languages of books and chapters: tags, names, and the voice to read them with.

A book says its language in ``dc:language`` and each document or element may say its
own in ``xml:lang``. Generated books do not always: a Sphinx build with its
translations in the spine marks every page with the project's one language. So a long
chapter is checked by :func:`litetts_cli.g2p.detect.detect_chapter_language` (the one
detector, which ``synth`` uses too); only a clear winner overrides the declaration. The voices themselves come from
:data:`litetts_cli.g2p.languages.DEFAULT_VOICES`.
"""

from __future__ import annotations

import re

from litetts_cli.errors import UsageError
from litetts_cli.g2p.languages import default_voice_for, kokoro_language

NAMES = {
    "en": "English", "es": "Spanish", "fr": "French", "it": "Italian", "pt": "Portuguese", "hi": "Hindi",
    "ja": "Japanese", "zh": "Chinese", "de": "German", "nl": "Dutch", "pl": "Polish", "cs": "Czech",
    "ro": "Romanian", "ru": "Russian", "uk": "Ukrainian", "el": "Greek", "ar": "Arabic", "he": "Hebrew",
    "ko": "Korean", "sa": "Sanskrit", "id": "Indonesian", "sl": "Slovenian",
}


_NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})
"""ISO 639 codes that name no one language: undetermined, multiple, no linguistic content."""
_PRIMARY = re.compile(r"[a-z]{2,3}")


def declared(tag: str) -> str:
    """A declared language tag, or "" when it names no language.

    Pandoc run in a C or POSIX locale writes ``<dc:language>C</dc:language>`` and
    ``xml:lang="C"`` on every page: the book was "c", Kokoro had "no c voice" and the run
    stopped. A locale's encoding or modifier is dropped (``en_US.UTF-8`` -> ``en_US``).
    """
    text = (tag or "").strip().split(".")[0].split("@")[0]
    first = primary(text)
    return text if _PRIMARY.fullmatch(first) and first not in _NOT_LANGUAGES else ""


def primary(tag: str) -> str:
    """``en-GB`` -> ``en``; ``""`` stays ``""``."""
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def canonical(tag: str) -> str:
    """A language tag lower-cased with hyphens: ``en_GB`` -> ``en-gb``."""
    return (tag or "").strip().lower().replace("_", "-")


def name(tag: str) -> str:
    """``fr-CA`` -> ``French``; unknown tags are returned as given."""
    return NAMES.get(primary(tag), tag or "unknown")


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
