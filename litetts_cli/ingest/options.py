"""Per-call settings for reading a document."""

from __future__ import annotations

from dataclasses import dataclass

from litetts_cli.errors import UsageError
from litetts_cli.limits import DEFAULT_LIMITS, InputLimits


NOTES_CHOICES = ("skip", "end-of-chapter")


@dataclass(frozen=True)
class IngestOptions:
    """How to turn a file into chapters."""

    include_front_matter: bool = False
    """Read covers, title and copyright pages, tables of contents, indexes and
    "also by" lists too (EPUB, and contents lists in plain text), and the reference
    lists of PDF, Word and HTML documents ("References", "External links")."""
    markdown_chapter_level: int = 1
    """Markdown headings at this level or above (``#`` is 1) start chapters; when a
    document has none, the highest level it does have is used."""
    include_code: bool = False
    """Read Markdown code blocks aloud instead of skipping them."""
    read_tables: bool = False
    """Read tables row by row, cells joined by commas (Word documents and web pages),
    instead of skipping them."""
    limits: InputLimits = DEFAULT_LIMITS
    """How many bytes are read and unpacked (:mod:`litetts_cli.limits`)."""
    toc_depth: int | None = None
    """EPUB: take chapters at this level of the table of contents (1 = top level);
    ``None`` chooses the level a listener expects (parts split into their chapters,
    chapters keep their sections)."""
    notes: str = "skip"
    """Footnotes and endnotes: ``skip`` (counted, not read) or ``end-of-chapter``."""
    languages: frozenset[str] | None = None
    """Chapters to read by language: ``None`` the book's own language, an empty set
    all of them, else these primary codes (``{"en", "fr"}``)."""

    def __post_init__(self) -> None:
        if self.toc_depth is not None and not 1 <= self.toc_depth <= 10:
            raise UsageError(f"--toc-depth {self.toc_depth} is out of range", hint="use a level from 1 (top) to 10")
        if self.notes not in NOTES_CHOICES:
            raise UsageError(f"unknown --notes {self.notes!r}", hint=f"use {' or '.join(NOTES_CHOICES)}")
        if not 1 <= self.markdown_chapter_level <= 6:
            raise UsageError(
                f"Markdown chapter level {self.markdown_chapter_level} is out of range",
                hint="use a heading level from 1 (#) to 6 (######)",
            )
