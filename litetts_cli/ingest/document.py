"""The document model every ingest format produces and every later stage reads."""

from __future__ import annotations

from dataclasses import dataclass, field

from litetts_cli.ingest.reading import count_words, reading_seconds


@dataclass
class Chapter:
    """One chapter: a title to announce and mark, and paragraphs of plain text.

    Paragraph text is what should be read aloud (markup already stripped); the
    normalizer runs later. A heading in the source (the chapter's own heading
    included) is a paragraph of its own, listed in ``heading_indices``.
    """

    title: str
    paragraphs: list[str] = field(default_factory=list)
    source: str = ""
    """Where it came from (EPUB href, heading line number) for messages."""
    heading_indices: list[int] = field(default_factory=list)
    """Indices into ``paragraphs`` that are headings, so later stages can pause
    after them (and need not announce ``title`` when paragraph 0 already says it)."""
    language: str = ""
    """Its language tag (``en-gb``, ``fr``); "" means the document's."""
    children: list[dict] = field(default_factory=list)
    """Table-of-contents entries read as part of this chapter, as a tree of
    ``{"title", "words", "children"}`` (the sections of a chapter)."""
    parents: list[str] = field(default_factory=list)
    """Titles of the TOC entries above it (a part, a book), outermost first."""
    skipped_words: dict[str, int] = field(default_factory=dict)
    """Words in the chapter's pages that are not read, by reason (notes, tables, math, ...)."""

    @property
    def word_count(self) -> int:
        """Words read aloud (a Chinese or Japanese character counts as one)."""
        return sum(count_words(p) for p in self.paragraphs)

    def reading_seconds(self, speed: float = 1.0) -> float:
        """Estimated length of the chapter read aloud at ``speed``."""
        return reading_seconds(self.paragraphs, speed)


@dataclass
class SkippedPart:
    """A part of the book that was not read: front/back matter such as a cover,
    copyright page, table of contents or index."""

    title: str
    reason: str
    """What it was taken for, e.g. ``"copyright page"``."""
    source: str = ""
    words: int = 0


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
    skipped: list[SkippedPart] = field(default_factory=list)
    """Front/back matter left out (also summarised in ``warnings``)."""

    @property
    def word_count(self) -> int:
        return sum(c.word_count for c in self.chapters)
