"""Ingest: text, Markdown and EPUB files -> :class:`Document`."""

from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.loader import load_document, load_text
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.selection import chapter_table, select_chapters

__all__ = [
    "Chapter",
    "Document",
    "IngestOptions",
    "SkippedPart",
    "chapter_table",
    "load_document",
    "load_text",
    "select_chapters",
]
