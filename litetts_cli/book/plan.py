"""Plan a book: chapters -> chunks with cache keys, before any synthesis."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from litetts_cli.engine.chunking import Chunk
from litetts_cli.ingest import Chapter
from litetts_cli.normalize.headings import spoken_heading
from litetts_cli.book.dialogue import plan_voiced_body
from litetts_cli.normalize.dialogue import Cast
from litetts_cli.speech import Speaker

Dialogue = tuple[Cast, Callable[[Speaker, str], Speaker]]
"""The cast, and (chapter's speaker, voice spec) -> the speaker reading in that voice."""


@dataclass
class PlannedChapter:
    number: int
    """1-based, as `--list-chapters` shows it."""
    title: str
    words: int
    chunks: list[Chunk] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    speaker: Speaker | None = None
    """Who reads it: its voice and language (chapters of a book may differ)."""
    chunk_speakers: list[Speaker] | None = None
    """Who reads each chunk when that differs within the chapter (dialogue voices);
    None: ``speaker`` reads them all."""
    spoken: str = ""
    """The text read, as written (title and paragraphs, before normalization): what
    ``--verify`` compares the audio with."""

    def speaker_at(self, position: int) -> Speaker | None:
        """The speaker of ``chunks[position]``."""
        return self.chunk_speakers[position] if self.chunk_speakers is not None else self.speaker

    @property
    def tokens(self) -> int:
        return sum(c.token_count for c in self.chunks)


def _same_words(heading: str, title: str) -> bool:
    """The heading says the title again: same words, or one contains the other
    ("Chapter One" over a TOC entry "One")."""
    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.casefold()))

    a, b = words(heading), words(title)
    return bool(a and b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def plan_book(
    chapters: list[tuple[int, Chapter]], speaker: Speaker | Callable[[Chapter], Speaker],
    dialogue: Dialogue | None = None,
) -> list[PlannedChapter]:
    """Chunks for each chapter: its title (a heading pause after it), then its text.

    Args:
        chapters: (number, chapter) pairs in reading order.
        speaker: decides normalization, phonemes and chunking (its engine is not used);
            or a function giving each chapter its own (a French chapter's voice).
        dialogue: speech read in other voices: the cast, and a function giving the
            speaker of a voice spec for a chapter's own speaker (``book.dialogue``).
    """
    planned: list[PlannedChapter] = []
    index = 0
    speaker_for = speaker if callable(speaker) and not isinstance(speaker, Speaker) else (lambda _c: speaker)
    for number, chapter in chapters:
        planned.append(_plan_chapter(number, chapter, speaker_for(chapter), dialogue, index))
        index += len(planned[-1].chunks)
    return planned


def _plan_chapter(
    number: int, chapter: Chapter, speaker: Speaker, dialogue: Dialogue | None, index: int
) -> PlannedChapter:
    """One chapter's chunks, numbered from ``index``: its spoken title, then its body."""
    language = speaker.language or speaker.voice.language
    title_text = _spoken_title(chapter.title, language)
    chunks: list[Chunk] = []
    if title_text is not None:
        chunks.extend(speaker.iter_chunks(title_text, final_boundary="heading", start_index=index))
    paragraphs = _body_paragraphs(chapter, language)
    start = index + len(chunks)
    chunk_speakers = None
    if dialogue is not None and dialogue[0].active:
        cast, voice_speaker = dialogue
        body_chunks, body_speakers = plan_voiced_body(
            paragraphs, speaker, cast, lambda voice: voice_speaker(speaker, voice), start_index=start)
        chunk_speakers = [speaker] * len(chunks) + body_speakers
    else:
        body_chunks = list(speaker.iter_chunks("\n\n".join(paragraphs), final_boundary="chapter", start_index=start))
    chunks.extend(body_chunks)
    readers = chunk_speakers or [speaker] * len(chunks)
    return PlannedChapter(
        number=number,
        title=chapter.title,
        words=chapter.word_count,
        chunks=chunks,
        keys=[reader.cache_key(c) for reader, c in zip(readers, chunks)],
        speaker=speaker,
        chunk_speakers=chunk_speakers,
        spoken="\n\n".join(([title_text] if title_text is not None else []) + paragraphs),
    )


def _spoken_title(title: str, language: str) -> str | None:
    """The chapter title as read aloud, ending as a sentence; None for an untitled chapter."""
    if not title.strip():
        return None
    title_text = spoken_heading(title.strip(), "chapter", language)
    if title_text[-1].isalnum():
        title_text += "."
    return title_text


def _body_paragraphs(chapter: Chapter, language: str) -> list[str]:
    """The paragraphs read after the title, headings in their spoken form."""
    kept = [(i, p) for i, p in enumerate(chapter.paragraphs) if p.strip()]
    title = chapter.title.strip()
    while title and kept and kept[0][0] in chapter.heading_indices and _same_words(kept[0][1], title):
        # The chapter's own headings are announced once, as its title (both "Part I"
        # and "I" under a title "Part I: I").
        kept.pop(0)
    return [
        spoken_heading(p.strip(), "section", language) if i in chapter.heading_indices else p
        for i, p in kept
    ]
