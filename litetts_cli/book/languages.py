"""Which voice and phonemizer language read each chapter of a book.

Unless the user names a voice, a chapter is read by the default voice of its own
language (a French chapter by ff_siwis with French phonemes and French numbers). A
voice the user names reads everything; the phonemizer still follows the chapter's
language where litetts has one for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from litetts_cli.errors import G2PError, UsageError
from litetts_cli.g2p.languages import language_for_voice
from litetts_cli.ingest import Chapter, Document
from litetts_cli.ingest import language as lang


@dataclass(frozen=True)
class Reading:
    """How one chapter is read."""

    language: str
    """The chapter's language tag (``fr``, ``en-gb``); "" where the book declares none and
    the named voice's language is used."""
    voice: str
    """The Kokoro voice (or blend, or saved voice) that reads it."""


def chapter_language(chapter: Chapter, document: Document, voice: str | None = None) -> str:
    """The chapter's language: what the book declares (or its text shows), else the
    language of the voice the user named, else American English."""
    declared = chapter.language or document.language
    if not declared and voice:
        declared = _voice_language(voice)
    return lang.canonical(declared or "en-us")


def _voice_language(voice: str) -> str:
    """A stock voice's or a blend's language from its first name; "" for a saved voice,
    whose language is known only once it is loaded."""
    first = voice.split(",")[0].split(":")[0].strip()
    try:
        return language_for_voice(first)
    except G2PError:
        return ""


def reading_for(chapter: Chapter, document: Document, voice: str | None) -> Reading:
    """The voice and language for ``chapter``; ``voice`` is the user's choice, if any.

    A chapter whose language nothing declares is read in the language of the voice the
    user named (a short Japanese Markdown book with ``--voice jf_alpha`` is Japanese,
    not English read by a Japanese voice); ``language`` is then "" for "the voice's".

    Raises:
        UsageError: no voice was given and Kokoro has none for the chapter's language.
    """
    if voice and not (chapter.language or document.language):
        return Reading("", voice)
    language = chapter_language(chapter, document)
    return Reading(language, voice or lang.default_voice(language))


def describe_voice(chapter: Chapter, document: Document, voice: str | None) -> str | None:
    """The voice ``--list-chapters`` shows: ``None`` where Kokoro has none for the language."""
    try:
        return reading_for(chapter, document, voice).voice
    except UsageError:
        return None


def phonemizer_language(chapter_language: str, voice_language: str) -> str:
    """The phonemizer language for a chapter read by a voice of ``voice_language``.

    Within one language the voice's accent wins (a British voice reads an American
    book with British phonemes); across languages the chapter's own language does.
    """
    if not chapter_language or lang.primary(chapter_language) == lang.primary(voice_language):
        return voice_language
    return lang.phonemizer_language(chapter_language, voice_language)
