"""Which document reader (PDF, Word, HTML) a file needs, by extension and content.

The readers' libraries come with the ``documents`` extra and are imported only when
a file of their kind is read.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from litetts_cli.errors import InputError
from litetts_cli.ingest import matter
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.options import IngestOptions

PDF_EXTENSIONS = frozenset({".pdf"})
DOCX_EXTENSIONS = frozenset({".docx", ".docm"})
HTML_EXTENSIONS = frozenset({".html", ".htm", ".xhtml", ".shtml"})
DOCUMENT_EXTENSIONS = PDF_EXTENSIONS | DOCX_EXTENSIONS | HTML_EXTENSIONS
"""Files that ``litetts synth`` reads through a document reader rather than as text."""
_HTML_STARTS = (b"<!doctype html", b"<html")
# Sections of papers, reports and articles that list sources rather than tell anything.
_REFERENCE_TITLES = re.compile(
    r"(?:references?|bibliography|works cited|citations|sources|notes|footnotes|endnotes|external links"
    r"|see also|further reading)(?: and (?:notes|references|further reading))?"
)
# Contents lists that matter.py's titles do not name (texinfo's "Short Contents").
_MORE_CONTENTS_TITLES = re.compile(r"(?:short|brief|summary|detailed|full) (?:table of )?contents|contents at a glance")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*|[ivxlc]+)\.?\s+")
REFERENCES = "reference list"


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


def fold_heading_only_chapters(chapters: list[Chapter]) -> list[Chapter]:
    """A chapter that is only its heading (a title right before the first section)
    joins the next chapter instead of becoming a one-word track."""
    folded: list[Chapter] = []
    carried: Chapter | None = None
    for chapter in chapters:
        if carried is not None:
            shift = len(carried.paragraphs)
            chapter.paragraphs[:0] = carried.paragraphs
            chapter.heading_indices = carried.heading_indices + [i + shift for i in chapter.heading_indices]
            for reason, words in carried.skipped_words.items():
                chapter.skipped_words[reason] = chapter.skipped_words.get(reason, 0) + words
            carried = None
        if len(chapter.heading_indices) == len(chapter.paragraphs) and chapter is not chapters[-1]:
            carried = chapter
        else:
            folded.append(chapter)
    return folded


def document_text(doc: Document) -> str:
    """A document as plain text for ``synth``: its paragraphs, blank lines between."""
    return "\n\n".join(p for chapter in doc.chapters for p in chapter.paragraphs)


def skip_apparatus(doc: Document, include: bool) -> None:
    """Leave out chapters that are reference lists ("References", "7 Bibliography",
    "External links"), tables of contents or indexes, counted as skipped, unless
    ``include`` (--include-front-matter). A document that is nothing else keeps them."""
    if include:
        return
    kept = []
    for chapter in doc.chapters:
        name = _NUMBERING.sub("", " ".join(re.sub(r"[^\w\s]", " ", chapter.title.lower()).split()))
        if _REFERENCE_TITLES.fullmatch(name):
            reason = REFERENCES
        elif _MORE_CONTENTS_TITLES.fullmatch(name):
            reason = matter.CONTENTS
        else:
            reason = matter.reason_for_title(name)
        if reason in (REFERENCES, matter.CONTENTS, matter.INDEX):
            words = chapter.word_count + sum(chapter.skipped_words.values())
            doc.skipped.append(SkippedPart(chapter.title, reason, chapter.source, words))
        else:
            kept.append(chapter)
    if kept:
        doc.chapters = kept
    else:
        doc.skipped = [part for part in doc.skipped if part.reason not in (REFERENCES, matter.CONTENTS, matter.INDEX)]


def read_notes_at_end(chapter: Chapter, notes: list[str]) -> None:
    """``--notes end-of-chapter``: the chapter's notes after its text, under "Notes.",
    as the EPUB reader does; their words leave the chapter's skipped count."""
    notes = [note for note in notes if note]
    if not notes:
        return
    chapter.heading_indices.append(len(chapter.paragraphs))
    chapter.paragraphs.append("Notes.")
    chapter.paragraphs.extend(notes)
    left = chapter.skipped_words.get("notes", 0) - sum(len(note.split()) for note in notes)
    if left > 0:
        chapter.skipped_words["notes"] = left
    else:
        chapter.skipped_words.pop("notes", None)
