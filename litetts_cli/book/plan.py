"""Plan a book: chapters -> chunks with cache keys, before any synthesis."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from litetts_cli.engine.chunking import Chunk
from litetts_cli.ingest import Chapter
from litetts_cli.normalize.headings import spoken_heading
from litetts_cli.speech import Speaker


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
    chapters: list[tuple[int, Chapter]], speaker: Speaker | Callable[[Chapter], Speaker]
) -> list[PlannedChapter]:
    """Chunks for each chapter: its title (a heading pause after it), then its text.

    Args:
        chapters: (number, chapter) pairs in reading order.
        speaker: decides normalization, phonemes and chunking (its engine is not used);
            or a function giving each chapter its own (a French chapter's voice).
    """
    planned: list[PlannedChapter] = []
    index = 0
    speaker_for = speaker if callable(speaker) and not isinstance(speaker, Speaker) else (lambda _c: speaker)
    for number, chapter in chapters:
        speaker = speaker_for(chapter)
        chunks: list[Chunk] = []
        language = speaker.language or speaker.voice.language
        if chapter.title.strip():
            title_text = spoken_heading(chapter.title.strip(), "chapter", language)
            if title_text[-1].isalnum():
                title_text += "."
            chunks.extend(speaker.iter_chunks(title_text, final_boundary="heading", start_index=index))
            index += len(chunks)
        kept = [(i, p) for i, p in enumerate(chapter.paragraphs) if p.strip()]
        title = chapter.title.strip()
        while title and kept and kept[0][0] in chapter.heading_indices and _same_words(kept[0][1], title):
            # The chapter's own headings are announced once, as its title (both "Part I"
            # and "I" under a title "Part I: I").
            kept.pop(0)
        paragraphs = [
            spoken_heading(p.strip(), "section", language) if i in chapter.heading_indices else p
            for i, p in kept
        ]
        body = "\n\n".join(paragraphs)
        body_chunks = list(speaker.iter_chunks(body, final_boundary="chapter", start_index=index))
        index += len(body_chunks)
        chunks.extend(body_chunks)
        planned.append(
            PlannedChapter(
                number=number,
                title=chapter.title,
                words=chapter.word_count,
                chunks=chunks,
                keys=[speaker.cache_key(c) for c in chunks],
                speaker=speaker,
            )
        )
    return planned
