"""Word documents (.docx) -> :class:`Document` (python-docx, MIT licence).

Headings (the "Heading N" styles, or a paragraph outline level) start chapters at
the highest level the document uses; the "Title" paragraph names the book. List
items are read as sentences, text boxes after the paragraph they sit in. Tables are skipped, or read row by row with
``IngestOptions.read_tables``. Footnotes and endnotes are not read (their marks in
the text have no words) and are counted as skipped. Page headers and footers live
outside the body and are never read.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.ingest.document import Chapter, Document
from litetts_cli.ingest.sections import fold_heading_only_chapters, read_notes_at_end, skip_apparatus
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.textutil import clean_text, ensure_terminal_punctuation, is_speakable, title_from_stem

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTES = "notes"
TABLES = "tables"
"""Reasons for words not read, as the EPUB reader names them (``Chapter.skipped_words``)."""
_HEADING_STYLE = re.compile(r"heading\s*(\d)", re.IGNORECASE)
_DAMAGED_HINT = "the file is damaged or not a Word document; save it again as .docx"
_CORE_NAMES = {"title": "{http://purl.org/dc/elements/1.1/}title",
               "author": "{http://purl.org/dc/elements/1.1/}creator",
               "language": "{http://purl.org/dc/elements/1.1/}language"}


@dataclass
class _Item:
    """A paragraph of the body: its text, and its heading level (0 for none)."""

    text: str
    level: int = 0
    title: bool = False
    skipped: dict[str, int] = field(default_factory=dict)
    """Words here that are not read, by reason (a skipped table has no text, only this)."""
    notes: list[str] = field(default_factory=list)
    """Texts of the footnotes and endnotes this paragraph refers to."""


@dataclass
class _Walk:
    items: list[_Item] = field(default_factory=list)
    tables: int = 0


def read_docx(path: Path, options: IngestOptions) -> Document:
    """Read a .docx file into chapters.

    Raises:
        InputError: not a Word document, damaged, or with nothing to read.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    _refuse_strict(path)
    try:
        word = docx.Document(str(path))
        notes = _note_texts(path)
        walk = _walk_body(word, options, notes)
        title, author, language = _core_properties(path)
    # python-docx reports a malformed package with whatever its code trips over.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, AttributeError, TypeError, IndexError,
            etree.LxmlError) as exc:
        raise InputError(f"{path.name} cannot be read as a Word document ({type(exc).__name__})",
                         hint=_DAMAGED_HINT) from None
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror or exc}", hint="check the file") from None
    heading_title = next((item.text for item in walk.items if item.title), "")
    doc = Document(chapters=_chapters(walk.items, options), title=title or heading_title or title_from_stem(path.stem),
                   author=author, language=language)
    for number, chapter in enumerate(doc.chapters, start=1):
        # Text before the first heading is named after the document.
        chapter.title = chapter.title or (doc.title if number == 1 else f"Chapter {number}")
    if not doc.chapters:
        raise InputError(f"{path.name} has no text to read", hint="the document's body is empty")
    skip_apparatus(doc, options.include_front_matter)
    if notes and options.notes == "skip":
        doc.warnings.append(f"Not read aloud: {len(notes)} footnote(s); --notes end-of-chapter reads them")
    if walk.tables and not options.read_tables:
        doc.warnings.append(f"Skipped {walk.tables} table(s); --read-tables reads them row by row")
    return doc


def _walk_body(word, options: IngestOptions, notes: dict[tuple[str, str], str]) -> _Walk:
    from docx.table import Table

    walk = _Walk()
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            rows = [_row_text(row) for row in block.rows]
            rows = [row for row in rows if row]
            walk.tables += 1
            if options.read_tables:
                walk.items += [_Item(ensure_terminal_punctuation(row)) for row in rows]
            else:
                walk.items.append(_Item("", skipped={TABLES: sum(count_words(row) for row in rows)}))
            continue
        text = clean_text(block.text)
        referenced = [notes[(kind, ref)] for kind in ("footnote", "endnote")
                      for ref in block._p.xpath(f".//w:{kind}Reference/@w:id") if (kind, ref) in notes]
        note_words = sum(count_words(note) for note in referenced)
        skipped = {NOTES: note_words} if note_words else {}
        style = block.style.name if block.style is not None else ""
        level = _heading_level(block, style)
        if not is_speakable(text):
            text, level = "", 0
        elif style.lower() in ("title", "subtitle"):
            level = 1 if style.lower() == "title" else 2
        elif not level and _is_list_item(block, style):
            text = ensure_terminal_punctuation(text)
        if text or skipped:
            walk.items.append(_Item(text, level=level, title=style.lower() == "title" and bool(text), skipped=skipped,
                                    notes=referenced))
        walk.items += [_Item(box) for box in _text_boxes(block._p)]
    return walk


_TEXT_BOXES = etree.XPath(
    ".//w:txbxContent[not(ancestor::mc:Fallback)]//w:p",
    namespaces={"w": _W[1:-1], "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"},
)


def _text_boxes(paragraph) -> list[str]:
    """The paragraphs of the text boxes anchored in ``paragraph``, which python-docx's text
    leaves out; a box Word also saved as a fallback drawing (mc:Fallback) is read once."""
    texts = [clean_text("".join(t.text or "" for t in p.iter(f"{_W}t"))) for p in _TEXT_BOXES(paragraph)]
    return [text for text in texts if is_speakable(text)]


def _refuse_strict(path: Path) -> None:
    """Word's "Strict Open XML Document" format names its parts in other namespaces, which
    python-docx does not read: say so, rather than calling the file damaged."""
    try:
        with zipfile.ZipFile(path) as archive:
            rels = archive.read("_rels/.rels") if "_rels/.rels" in archive.namelist() else b""
    except (zipfile.BadZipFile, OSError):
        return  # reported by the reader itself
    if b"purl.oclc.org/ooxml/officeDocument" in rels:
        raise InputError(f"{path.name} is saved as a Strict Open XML Document, which litetts cannot read",
                         hint="open it in Word or LibreOffice and save it as a Word Document (.docx)")


def _heading_level(paragraph, style: str) -> int:
    match = _HEADING_STYLE.fullmatch(style.strip())
    if match:
        return int(match.group(1))
    properties = paragraph._p.pPr
    outline = properties.find(f"{_W}outlineLvl") if properties is not None else None
    if outline is not None and (value := outline.get(f"{_W}val", "")).isdigit() and int(value) < 9:
        return int(value) + 1
    return 0


def _is_list_item(paragraph, style: str) -> bool:
    properties = paragraph._p.pPr
    return style.lower().startswith("list") or (properties is not None and properties.numPr is not None)


def _row_text(row) -> str:
    cells: list[str] = []
    for cell in row.cells:
        text = clean_text(cell.text)
        if text and (not cells or cells[-1] != text):  # merged cells repeat their text
            cells.append(text)
    return ", ".join(cells)


def _chapters(items: list[_Item], options: IngestOptions) -> list[Chapter]:
    """Cut at headings of the highest level present other than the title's."""
    levels = sorted({item.level for item in items if item.level and not item.title})
    top = levels[0] if levels else 0
    chapters: list[Chapter] = []
    notes: list[list[str]] = []
    for number, item in enumerate(items, start=1):
        starts = item.level == top and top and not item.title
        if starts or not chapters:
            chapters.append(Chapter(title=item.text if item.level else "", source=f"paragraph {number}"))
            notes.append([])
        chapter = chapters[-1]
        notes[-1].extend(item.notes)
        for reason, words in item.skipped.items():
            chapter.skipped_words[reason] = chapter.skipped_words.get(reason, 0) + words
        if not item.text:
            continue
        if item.level:
            chapter.heading_indices.append(len(chapter.paragraphs))
            chapter.paragraphs.append(ensure_terminal_punctuation(item.text))
        else:
            chapter.paragraphs.append(item.text)
    for chapter, chapter_notes in zip(chapters, notes):
        if options.notes == "end-of-chapter":
            read_notes_at_end(chapter, chapter_notes)
    return fold_heading_only_chapters([c for c in chapters if c.paragraphs])


def _note_texts(path: Path) -> dict[tuple[str, str], str]:
    """The text of each footnote and endnote, by kind and id."""
    texts: dict[tuple[str, str], str] = {}
    with zipfile.ZipFile(path) as archive:
        for name, tag in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            if name not in archive.namelist():
                continue
            root = etree.fromstring(archive.read(name), parser=etree.XMLParser(resolve_entities=False))
            for note in root.iter(f"{_W}{tag}"):
                if note.get(f"{_W}type") in ("separator", "continuationSeparator", "continuationNotice"):
                    continue
                text = clean_text("".join(node.text or "" for node in note.iter(f"{_W}t")))
                texts[(tag, note.get(f"{_W}id", ""))] = text
    return texts


def _core_properties(path: Path) -> tuple[str, str, str]:
    """Title, author and language from docProps/core.xml (read directly: python-docx replaces a
    core part it does not find where it expects with defaults such as "Word Document")."""
    with zipfile.ZipFile(path) as archive:
        if "docProps/core.xml" not in archive.namelist():
            return "", "", ""
        root = etree.fromstring(archive.read("docProps/core.xml"), parser=etree.XMLParser(resolve_entities=False))
    values = {key: clean_text(root.findtext(tag) or "") for key, tag in _CORE_NAMES.items()}
    return values["title"], values["author"], values["language"]
