"""Which document reader (PDF, Word, HTML) a file needs, by extension and content.

The readers' libraries come with the ``documents`` extra and are imported only when
a file of their kind is read.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from litetts_cli.errors import InputError
from litetts_cli.ingest.document import Document
from litetts_cli.ingest.options import IngestOptions

PDF_EXTENSIONS = frozenset({".pdf"})
DOCX_EXTENSIONS = frozenset({".docx", ".docm"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
DOCUMENT_EXTENSIONS = PDF_EXTENSIONS | DOCX_EXTENSIONS | HTML_EXTENSIONS
"""Files that ``litetts synth`` reads through a document reader rather than as text."""
_HTML_STARTS = (b"<!doctype html", b"<html")


def document_reader(path: Path, head: bytes) -> Callable[[Path, IngestOptions], Document] | None:
    """The reader for a PDF, DOCX or HTML file, or ``None`` when it is none of those.

    Args:
        path: the file.
        head: its first bytes (at least 8; more lets HTML be recognised without an extension).

    Raises:
        InputError: the file needs the ``documents`` extra, which is not installed.
    """
    extension = path.suffix.lower()
    try:
        if extension in PDF_EXTENSIONS or head.startswith(b"%PDF"):
            from litetts_cli.ingest.pdf import read_pdf

            return read_pdf
        if extension in DOCX_EXTENSIONS or (head.startswith(b"PK\x03\x04") and _zip_is_docx(path)):
            from litetts_cli.ingest.docx import read_docx

            return read_docx
        if extension in HTML_EXTENSIONS or head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_HTML_STARTS):
            from litetts_cli.ingest.html import read_html

            return read_html
    except ImportError as exc:
        raise InputError(
            f"reading {path.name} needs a library that is not installed ({exc.name})",
            hint="install the documents extra: pip install 'litetts[documents]'",
        ) from None
    return None


def _zip_is_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError):
        return False


def document_text(doc: Document) -> str:
    """A document as plain text for ``synth``: its paragraphs, blank lines between."""
    return "\n\n".join(p for chapter in doc.chapters for p in chapter.paragraphs)


