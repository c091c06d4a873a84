"""EPUB books -> :class:`Document`.

Reading order is the spine. Chapter titles come from the table of contents (NCX or
nav, nested entries included); a file that several TOC entries point into by
fragment is cut at those anchors. Without a TOC entry a chapter is named by its
first h1-h3, else "Chapter N". When the book has a TOC, a file with neither a TOC
entry nor a heading continues the chapter before it (converters such as Calibre
split long chapters into several files).
"""

from __future__ import annotations

import posixpath
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ebooklib import epub
from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.ingest import matter
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.epub_container import ZIP_ERRORS, check_epub_container
from litetts_cli.ingest.epub_meta import read_metadata
from litetts_cli.ingest.epub_nav import NavLink, landmark_links, toc_links
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.xhtml import Section, extract_sections, parse_markup

_HTML_TYPES = ("application/xhtml+xml", "text/html", "application/html")
_HTML_EXTENSIONS = (".xhtml", ".html", ".htm", ".xml")
_DAMAGED_HINT = "the file is damaged; download or export it again, or repair it with Calibre"
# ebooklib reports a malformed package with whatever its code trips over; the container
# checks catch the common cases first, and these turn the rest into one line.
_EBOOKLIB_ERRORS = (
    epub.EpubException, etree.LxmlError, KeyError, AttributeError, TypeError, IndexError, ValueError, *ZIP_ERRORS
)


@dataclass
class _Part:
    """A section of one spine file, before it becomes a chapter or is skipped."""

    section: Section
    titles: list[str]
    """Its table-of-contents titles (several when entries point to the same place)."""
    kinds: set[str]
    """Guide/landmark types and epub:type/role values: what kind of page it is."""
    source: str
    file_stem: str | None
    """The file's name without extension, when the part starts the file."""

    @property
    def heading_title(self) -> str:
        return self.section.first_heading

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.section.paragraphs)


class _TolerantReader(epub.EpubReader):
    """ebooklib's reader, except that a file missing from the zip reads as empty.

    A manifest that lists one missing image should not make the whole book
    unreadable; the missing files are reported as warnings instead.
    """

    def __init__(self, file_name: str, options: dict | None = None):
        super().__init__(file_name, options)
        self.missing: list[str] = []

    def read_file(self, name: str) -> bytes:
        try:
            return super().read_file(name)
        except KeyError:
            self.missing.append(name)
            return b""

    def _parse_nav(self, data: bytes, base_path: str, navtype: str = "toc") -> None:
        # ebooklib raises IndexError for a nav document without a toc <nav>.
        try:
            super()._parse_nav(data, base_path, navtype)
        except (IndexError, AttributeError, TypeError, etree.LxmlError):
            pass


def read_epub(path: Path, options: IngestOptions) -> Document:
    """Read an EPUB file into chapters, skipping front/back matter unless asked.

    Raises:
        InputError: the file is not an EPUB, is damaged, DRM-protected, has no
            spine, or has no readable text.
    """
    check_epub_container(path)
    book, toc, notes = _load_book(path)
    doc = Document(chapters=[], warnings=notes)
    read_metadata(book, doc, fallback_title=path.stem)
    parts = _spine_parts(book, toc, doc.warnings)
    _assemble(parts, doc, options, has_toc=any(p.titles for p in parts))
    if not doc.chapters:
        if doc.skipped:
            raise InputError(
                f"{path.name} has no readable text outside its front and back matter",
                hint="use --include-front-matter to read those pages",
            )
        raise InputError(
            f"{path.name} has no readable text (it may hold only images, like a comic or a scanned book)",
            hint="litetts reads text; run OCR on scanned books first",
        )
    return doc


def _load_book(path: Path) -> tuple[epub.EpubBook, list[NavLink], list[str]]:
    """The book as ebooklib reads it, its table of contents, and warnings."""
    reader = _TolerantReader(str(path), {"ignore_ncx": True})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = reader.load()
            reader.process()
    except _EBOOKLIB_ERRORS as exc:
        raise InputError(f"{path.name} could not be read as an EPUB: {exc}", hint=_DAMAGED_HINT) from None
    has_nav = any(isinstance(i, epub.EpubNav) for i in book.get_items())
    from_ncx = not has_nav
    ncx = next((i for i in book.get_items() if isinstance(i, epub.EpubNcx)), None)
    if has_nav and not book.toc and ncx is not None and ncx.content:
        # The nav document has no usable table of contents: fall back to the NCX
        # (ebooklib reads only one of the two; its NCX parser is not public API).
        try:
            reader._parse_ncx(ncx.content)
            from_ncx = True
        except (etree.LxmlError, AttributeError, TypeError, IndexError):
            pass
    notes = []
    if reader.missing:
        shown = ", ".join(sorted(set(reader.missing))[:5])
        notes.append(f"{len(set(reader.missing))} file(s) listed in the book are missing from it: {shown}")
    return book, toc_links(book, from_ncx), notes


def _spine_parts(book: epub.EpubBook, toc: list[NavLink], notes: list[str]) -> list[_Part]:
    marks = landmark_links(book)
    documents = []
    seen = set()
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None:
            notes.append(f"The reading order names '{idref}', which the book does not have; it was skipped")
        elif item.file_name in seen:
            continue
        elif not _is_html(item):
            notes.append(f"Skipped {item.file_name} in the reading order: it is not a text page ({item.media_type})")
        else:
            seen.add(item.file_name)
            documents.append(item)

    by_lower = {item.file_name.lower(): item.file_name for item in documents}
    toc_by_path: dict[str, list[NavLink]] = defaultdict(list)
    for link in toc:
        toc_by_path[by_lower.get(link.path.lower(), link.path)].append(link)
    marks_by_path: dict[str, list[NavLink]] = defaultdict(list)
    for link in marks:
        marks_by_path[by_lower.get(link.path.lower(), link.path)].append(link)

    parts: list[_Part] = []
    for item in documents:
        extra_kinds = {"toc"} if isinstance(item, epub.EpubNav) else set()
        parts.extend(_file_parts(item, toc_by_path[item.file_name], marks_by_path[item.file_name], extra_kinds, notes))
    return parts


def _is_html(item: epub.EpubItem) -> bool:
    media_type = (item.media_type or "").lower()
    return isinstance(item, epub.EpubHtml) or media_type in _HTML_TYPES or (
        not media_type and item.file_name.lower().endswith(_HTML_EXTENSIONS)
    )


def _file_parts(
    item: epub.EpubItem, entries: list[NavLink], marks: list[NavLink], extra_kinds: set[str], notes: list[str]
) -> list[_Part]:
    """Cut one spine file at its TOC anchors and pair each piece with its titles."""
    path = item.file_name
    root, parse_notes = parse_markup(item.content or b"", path)
    notes.extend(parse_notes)
    fragments = frozenset(e.fragment for e in entries if e.fragment)
    sections = extract_sections(root, fragments) if root is not None else [Section(anchor=None)]
    found = {s.anchor for s in sections}

    titles: dict[str | None, list[str]] = defaultdict(list)
    lost = []
    for entry in entries:
        if entry.fragment and entry.fragment not in found:
            lost.append(entry)
        elif entry.title and entry.title not in titles[entry.fragment]:
            titles[entry.fragment].append(entry.title)
    for entry in lost:
        notes.append(
            f"Table of contents entry '{entry.title}' points to #{entry.fragment}, which {path} does not have; "
            "it is read as part of that file"
        )
        if not titles[None] and entry.title:
            titles[None].append(entry.title)  # the file's only title: name its start with it
    kinds: dict[str | None, set[str]] = defaultdict(set)
    for mark in marks:
        if mark.fragment is None or mark.fragment in found:
            kinds[mark.fragment].add(mark.kind)

    stem = posixpath.splitext(posixpath.basename(path))[0]
    parts = []
    carried_titles: list[str] = []
    carried_kinds: set[str] = set()
    for position, section in enumerate(sections):
        section_titles = carried_titles + [t for t in titles[section.anchor] if t not in carried_titles]
        section_kinds = carried_kinds | kinds[section.anchor] | section.types | extra_kinds
        is_last = position == len(sections) - 1
        if not section.paragraphs and not is_last:
            # An empty stretch before a split anchor: a TOC entry for the file's start
            # when the first chapter begins right away ("Part One" then "Chapter 1").
            carried_titles, carried_kinds = section_titles, section_kinds
            continue
        carried_titles, carried_kinds = [], set()
        if not section.paragraphs and len(sections) > 1 and not section_titles:
            continue
        source = f"{path}#{section.anchor}" if section.anchor else path
        file_stem = stem if section.anchor is None else None
        parts.append(_Part(section, section_titles, section_kinds, source, file_stem))
    return parts


def _assemble(parts: list[_Part], doc: Document, options: IngestOptions, has_toc: bool) -> None:
    can_continue = False  # may a page with no title continue the chapter before it?
    notes_skipped = tables_skipped = 0
    for part in parts:
        paragraphs = part.section.paragraphs
        reason = matter.classify(
            kinds=part.kinds, titles=[*part.titles, part.heading_title], file_stem=part.file_stem, words=part.words
        )
        # A cover or contents page is better named for what it is than by its heading.
        title = ": ".join(part.titles) or (reason.capitalize() if reason else part.heading_title)
        if reason and not options.include_front_matter:
            doc.skipped.append(SkippedPart(title, reason, part.source, part.words))
            can_continue = False
            continue
        if not paragraphs:
            label = f"'{title}'" if title else "a page"
            doc.warnings.append(f"Dropped empty chapter {label} ({part.source}): it has no readable text")
            continue
        notes_skipped += part.section.notes_skipped
        tables_skipped += part.section.tables_skipped
        if has_toc and not title and can_continue:
            chapter = doc.chapters[-1]
            offset = len(chapter.paragraphs)
            chapter.paragraphs.extend(paragraphs)
            chapter.heading_indices.extend(offset + i for i in part.section.heading_indices)
            continue
        can_continue = reason is None
        doc.chapters.append(Chapter(title, list(paragraphs), part.source, list(part.section.heading_indices)))

    for number, chapter in enumerate(doc.chapters, start=1):
        if not chapter.title:
            chapter.title = f"Chapter {number}"
    if doc.skipped:
        listed = ", ".join(f"'{s.title}' ({s.reason})" for s in doc.skipped)
        doc.warnings.append(
            f"Skipped front/back matter: {listed}; set include_front_matter (--include-front-matter) to read it"
        )
    if notes_skipped or tables_skipped:
        doc.warnings.append(
            f"Not read aloud: {notes_skipped} footnote(s) and {tables_skipped} table(s) (table captions are read)"
        )
