"""PDF documents -> :class:`Document` (pdfminer.six, MIT licence).

Chapters come from the outline (bookmarks) when the PDF has one: its top level, or
the level below a single top entry that only holds the title. Without an outline,
lines set in the largest heading size that occurs more than once start chapters.
Title and author come from the document information, else from the largest line
on the first page. Pages are read one at a time and only their text is kept, so
memory follows the amount of text, not the size of the file (images, fonts);
``pdf_bounds`` caps the rest.
"""

from __future__ import annotations

import bisect
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from litetts_cli.errors import InputError
from litetts_cli.ingest.document import Chapter, Document
from litetts_cli.ingest.sections import fold_heading_only_chapters, read_notes_at_end, skip_apparatus
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.pdf_bounds import TextBudget, bounded_aggregator_class, bounded_document_class
from litetts_cli.ingest.pdf_layout import Line, page_lines
from litetts_cli.ingest.pdf_text import (
    Block,
    Removed,
    blocks_from_lines,
    body_size,
    strip_footnotes,
    strip_furniture,
    strip_math,
)
from litetts_cli.ingest.textutil import clean_text, ensure_terminal_punctuation, title_from_stem

_DAMAGED_HINT = "the file is damaged or not a PDF; download or export it again"
# Titles producers fill in by themselves: "Microsoft Word - report.docx", "Untitled 3",
# "Document1", a file name.
_JUNK_TITLE = re.compile(r"(?:microsoft word - |untitled\b|document\s*\d*$|slide\s*\d*$).*|.*\.(?:docx?|odt|pdf|tex|dvi|rtf)")


@dataclass
class _Mark:
    """An outline entry resolved to a page and, when given, a height on it."""

    level: int
    title: str
    page: int
    top: float | None


def read_pdf(path: Path, options: IngestOptions) -> Document:
    """Read a PDF into chapters of readable paragraphs.

    Raises:
        InputError: encrypted with a password, damaged, without a text layer
            (scanned: needs OCR), with nothing to read, or past ``options.limits``.
    """
    pdfminer = _import_pdfminer()
    try:
        with path.open("rb") as handle:
            return _read(handle, path, options, pdfminer)
    except InputError:
        raise
    except pdfminer.PASSWORD_ERRORS:
        raise InputError(f"{path.name} is encrypted and needs a password to open", hint="save an unprotected copy (e.g. qpdf --password=PASSWORD --decrypt in.pdf out.pdf) and read that") from None
    except pdfminer.DAMAGE_ERRORS as exc:
        raise InputError(f"{path.name} cannot be read as a PDF ({type(exc).__name__})", hint=_DAMAGED_HINT) from None
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror or exc}", hint="check the file") from None


def _read(handle, path: Path, options: IngestOptions, pdfminer) -> Document:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    document = bounded_document_class(PDFDocument, options.limits, path.name)(PDFParser(handle), password="")
    budget = TextBudget(options.limits, path.name)
    resources = PDFResourceManager(caching=True)
    # boxes_flow=None: no hierarchical grouping of text boxes (quadratic in the boxes on
    # a page); page_lines puts lines in reading order itself.
    aggregator = bounded_aggregator_class(PDFPageAggregator, path.name)
    device = aggregator(resources, laparams=LAParams(line_margin=0.6, boxes_flow=None))
    interpreter = PDFPageInterpreter(resources, device)
    pages: list[list[Line]] = []
    page_ids: dict[int, int] = {}
    images = 0
    for index, page in enumerate(PDFPage.create_pages(document)):
        page_ids[page.pageid] = index
        interpreter.process_page(page)
        layout = device.get_result()
        lines = page_lines(layout, index, first_box=index * 10_000)
        budget.spend(sum(len(line.text) for line in lines))
        images += 0 if lines else _has_image(layout)
        pages.append(lines)
    if not any(pages):
        if images:
            raise InputError(
                f"{path.name} has no text layer: its pages are images (a scan)",
                hint="run OCR on it first, e.g. `ocrmypdf in.pdf out.pdf`, then read the result",
            )
        raise InputError(f"{path.name} has no text to read", hint="the PDF's pages are empty")
    title, author = _metadata(document)
    marks = _outline(document, page_ids, pdfminer)
    doc = _build(pages, marks, options)
    doc.title = title or _largest_first_page_line(pages) or title_from_stem(path.stem)
    doc.author = author
    doc.language = _catalog_language(document)
    for number, chapter in enumerate(doc.chapters, start=1):
        # Text before the first heading or bookmark (a title page, an abstract).
        chapter.title = chapter.title or (doc.title if number == 1 else f"Chapter {number}")
    if not doc.chapters:
        raise InputError(f"{path.name} has no text to read", hint="only page headers, numbers or notes were found")
    return doc


def _build(pages: list[list[Line]], marks: list[_Mark], options: IngestOptions) -> Document:
    removed = Removed()
    body = body_size(pages)
    pages = strip_furniture(pages, removed)
    lines = strip_math([line for page in pages for line in strip_footnotes(page, body, removed)], removed)
    blocks, starts = blocks_from_lines(lines, body)
    cuts = _cuts_from_outline(marks, lines, starts) if marks else _cuts_from_headings(blocks, body)
    doc = Document(chapters=[])
    bounds = [index for index, _ in cuts]
    if not bounds or bounds[0] != 0:
        cuts.insert(0, (0, ""))
        bounds.insert(0, 0)
    first_blocks = []
    for (start, title), end in zip(cuts, bounds[1:] + [len(blocks)]):
        chapter = _chapter(blocks[start:end], title, len(doc.chapters) + 1)
        if chapter is not None:
            doc.chapters.append(chapter)
            first_blocks.append(start)
    notes = _account(doc.chapters, first_blocks, starts, lines, removed)
    if options.notes == "end-of-chapter":
        for chapter, chapter_notes in zip(doc.chapters, notes):
            read_notes_at_end(chapter, [clean_text(note) for note in chapter_notes])
    doc.chapters = fold_heading_only_chapters(doc.chapters)
    skip_apparatus(doc, options.include_front_matter)
    if removed.footnotes and options.notes == "skip":
        doc.warnings.append(f"Not read aloud: {removed.footnotes} footnote(s); --notes end-of-chapter reads them")
    return doc


def _account(chapters: list[Chapter], first_blocks: list[int], starts: list[int], lines: list[Line],
             removed: Removed) -> list[list[str]]:
    """Removed words go to the chapter being read where they were: a footnote to the
    chapter of the line above it, a page's header and number to the chapter at the
    top of that page.

    Returns:
        The footnotes' texts, by chapter.
    """
    notes: list[list[str]] = [[] for _ in chapters]
    if not chapters:
        return notes
    position = {id(line): index for index, line in enumerate(lines)}
    first_on_page: dict[int, int] = {}
    for index, line in enumerate(lines):
        first_on_page.setdefault(line.page, index)
    for page, anchor, reason, words, text in removed.entries:
        line_index = position.get(id(anchor)) if anchor is not None else None
        if line_index is None:
            line_index = first_on_page.get(page, next((i for p, i in sorted(first_on_page.items()) if p > page), 0))
        block = bisect.bisect_right(starts, line_index) - 1
        index = max(0, bisect.bisect_right(first_blocks, block) - 1)
        chapter = chapters[index]
        chapter.skipped_words[reason] = chapter.skipped_words.get(reason, 0) + words
        if text:
            notes[index].append(text)
    return notes


def _chapter(blocks: list[Block], title: str, number: int) -> Chapter | None:
    paragraphs, headings = [], []
    for block in blocks:
        text = clean_text(block.text)
        if not text:
            continue
        if block.heading:
            headings.append(len(paragraphs))
            text = ensure_terminal_punctuation(text)
        paragraphs.append(text)
    if not paragraphs:
        return None
    if not title and blocks[0].heading:
        title = clean_text(blocks[0].text)
    source = f"page {blocks[0].page + 1}"
    return Chapter(title=title.rstrip(".") if title.endswith(".") and not title.endswith("..") else title,
                   paragraphs=paragraphs, source=source, heading_indices=headings)


def _cuts_from_headings(blocks: list[Block], body: float) -> list[tuple[int, str]]:
    sizes = sorted({round(b.size * 2) / 2 for b in blocks if b.heading}, reverse=True)
    if not sizes:
        return []
    repeated = [s for s in sizes if sum(1 for b in blocks if b.heading and round(b.size * 2) / 2 == s) >= 2]
    level = repeated[0] if repeated else sizes[0]
    return [(i, clean_text(b.text)) for i, b in enumerate(blocks) if b.heading and round(b.size * 2) / 2 == level]


def _cuts_from_outline(marks: list[_Mark], lines: list[Line], starts: list[int]) -> list[tuple[int, str]]:
    top = min(mark.level for mark in marks)
    level_marks = [m for m in marks if m.level == top]
    if len(level_marks) == 1 and any(m.level > top for m in marks):
        level_marks = [m for m in marks if m.level == top + 1]
    cuts: list[tuple[int, str]] = []
    for mark in level_marks:
        line_index = _locate(mark, lines)
        if line_index is None:
            continue
        block = max((i for i, start in enumerate(starts) if start <= line_index), default=0)
        if cuts and cuts[-1][0] >= block:
            continue  # two entries in one block: keep the first
        cuts.append((block, mark.title))
    return cuts


def _locate(mark: _Mark, lines: list[Line]) -> int | None:
    """The line an outline entry points at: its title on its page, else the line at its height."""
    wanted = _squash(mark.title)[:24]
    on_page = [i for i, line in enumerate(lines) if line.page in (mark.page, mark.page + 1)]
    for i in on_page:
        text = _squash(lines[i].text)
        if wanted and text and (text.startswith(wanted) or (len(text) > 3 and wanted.startswith(text))):
            return i
    same_page = [i for i in on_page if lines[i].page == mark.page]
    if not same_page:
        return None
    if mark.top is not None:
        below = [i for i in same_page if lines[i].top >= lines[i].page_height - mark.top - 2]
        if below:
            return min(below, key=lambda i: lines[i].top)
    return same_page[0]


def _squash(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _outline(document, page_ids: dict[int, int], pdfminer) -> list[_Mark]:
    from pdfminer.pdftypes import resolve1

    marks: list[_Mark] = []
    try:
        for level, title, dest, action, _ in document.get_outlines():
            if dest is None and isinstance(resolve1(action), dict):
                action = resolve1(action)
                dest = action.get("D") if getattr(action.get("S"), "name", "") == "GoTo" else None
            dest = resolve1(dest)
            if isinstance(dest, (str, bytes)) or type(dest).__name__ == "PSLiteral":
                name = getattr(dest, "name", dest)
                dest = resolve1(document.get_dest(name))
            if isinstance(dest, dict):
                dest = resolve1(dest.get("D"))
            if not isinstance(dest, list) or not dest:
                continue
            page_ref = dest[0]
            page = page_ids.get(getattr(page_ref, "objid", None))
            if page is None:
                continue
            kind = getattr(resolve1(dest[1]), "name", "") if len(dest) > 1 else ""
            top = resolve1(dest[3]) if kind == "XYZ" and len(dest) > 3 else None
            text = clean_text(str(title or ""))
            if text:
                marks.append(_Mark(level, text, page, float(top) if isinstance(top, (int, float)) else None))
    except pdfminer.OUTLINE_ERRORS:
        return []
    return marks


def _metadata(document) -> tuple[str, str]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    values = {}
    for info in document.info or []:
        for key in ("Title", "Author"):
            value = resolve1(info.get(key))
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and clean_text(value):
                values[key] = clean_text(value)
    title = values.get("Title", "")
    if _JUNK_TITLE.fullmatch(title.lower()):
        title = ""
    return title, values.get("Author", "")


def _catalog_language(document) -> str:
    """The document's language as its catalog declares it (``/Lang``), or ""."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    value = resolve1(document.catalog.get("Lang"))
    if isinstance(value, bytes):
        value = decode_text(value)
    return clean_text(value) if isinstance(value, str) else ""


def _largest_first_page_line(pages: list[list[Line]]) -> str:
    first = next((lines for lines in pages if lines), [])
    if not first:
        return ""
    body = body_size(pages)
    biggest = max(first, key=lambda line: line.size)
    return clean_text(biggest.text) if biggest.size >= body * 1.3 else ""


def _has_image(layout) -> bool:
    from pdfminer.layout import LTFigure, LTImage

    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTImage):
            return True
        if isinstance(item, LTFigure):
            stack.extend(item)
    return False


class _PdfMiner:
    """pdfminer.six's exceptions, grouped by the message we turn them into."""

    def __init__(self) -> None:
        from pdfminer.pdfdocument import PDFEncryptionError, PDFNoOutlines, PDFPasswordIncorrect
        from pdfminer.pdfexceptions import PDFException
        from pdfminer.psexceptions import PSException

        # Encryption the library cannot open without a password, or at all.
        self.PASSWORD_ERRORS = (PDFPasswordIncorrect, PDFEncryptionError)
        self.DAMAGE_ERRORS = (PDFException, PSException, KeyError, ValueError, TypeError, AttributeError,
                              IndexError, AssertionError, RecursionError, ZeroDivisionError, UnicodeError)
        self.OUTLINE_ERRORS = (PDFNoOutlines, *self.DAMAGE_ERRORS)


def _import_pdfminer() -> _PdfMiner:
    # pdfminer logs every damaged object it steps over; the user gets one line from us.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    return _PdfMiner()
