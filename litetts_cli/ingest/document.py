"""The document model every ingest format produces and every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Chapter:
    """One chapter: a title to announce and mark, and paragraphs of plain text.

    Paragraph text is what should be read aloud (markup already stripped); the
    normalizer runs later.
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    """Where it came from (EPUB href, heading line number) for messages."""

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


@dataclass
class Document:
    """A book or text: metadata plus chapters in reading order."""

    chapters: list[Chapter]
    title: str = ""
    author: str = ""
    language: str = ""
    cover: bytes | None = None
    cover_mime: str = ""
    warnings: list[str] = field(default_factory=list)
    """Things skipped or repaired while reading, for the user to see."""

    @property
    def word_count(self) -> int:
        return sum(c.word_count for c in self.chapters)
