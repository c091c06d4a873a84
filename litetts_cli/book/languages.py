"""Which voice and phonemizer language read each chapter of a book.

Unless the user names a voice, a chapter is read by the default voice of its own
language (a French chapter by ff_siwis with French phonemes and French numbers). A
voice the user names reads everything; the phonemizer still follows the chapter's
language where litetts has one for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from litetts_cli.errors import UsageError
from litetts_cli.ingest import Chapter, Document
from litetts_cli.ingest import language as lang


@dataclass(frozen=True)
class Reading:
    """How one chapter is read."""

    language: str
    """The chapter's language tag (``fr``, ``en-gb``)."""
    voice: str
    """The Kokoro voice (or blend, or saved voice) that reads it."""


def chapter_language(chapter: Chapter, document: Document) -> str:
    return lang.canonical(chapter.language or document.language or "en-us")


def reading_for(chapter: Chapter, document: Document, voice: str | None) -> Reading:
    """The voice and language for ``chapter``; ``voice`` is the user's choice, if any.

    Raises:
        UsageError: no voice was given and Kokoro has none for the chapter's language.
    """
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
    if lang.primary(chapter_language) == lang.primary(voice_language):
        return voice_language
    return lang.phonemizer_language(chapter_language, voice_language)
