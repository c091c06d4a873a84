"""Per-call settings for reading a document."""

from __future__ import annotations

from dataclasses import dataclass

from litetts_cli.errors import UsageError
from litetts_cli.limits import DEFAULT_LIMITS, InputLimits


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

    def __post_init__(self) -> None:
        if not 1 <= self.markdown_chapter_level <= 6:
            raise UsageError(
                f"Markdown chapter level {self.markdown_chapter_level} is out of range",
                hint="use a heading level from 1 (#) to 6 (######)",
            )
