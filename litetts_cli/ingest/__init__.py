"""Ingest: text, Markdown and EPUB files -> :class:`Document`."""

from litetts_cli.ingest.document import Chapter, Document

__all__ = ["Chapter", "Document"]
