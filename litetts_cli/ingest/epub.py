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
import re
import warnings
from collections import defaultdict
from pathlib import Path

from ebooklib import epub
from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.ingest.assemble import assemble, assign_languages
from litetts_cli.ingest.document import Document
from litetts_cli.ingest.epub_container import ZIP_ERRORS, check_epub_container, package_path
from litetts_cli.ingest.epub_meta import read_metadata
from litetts_cli.ingest.epub_nav import NavLink, landmark_links, toc_links
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.pls import linked_lexicons, parse_lexicon
from litetts_cli.ingest.structure import Part
from litetts_cli.ingest.markup import parse_markup
from litetts_cli.ingest.xhtml import Section, extract_sections

_HTML_TYPES = ("application/xhtml+xml", "text/html", "application/html")
_HTML_EXTENSIONS = (".xhtml", ".html", ".htm", ".xml")
_NAME_NOT_TITLE = re.compile(r"[a-z0-9_-]+")
"""A title like "pythonguide": a project's or file's name, which the first page's heading betters."""
_DAMAGED_HINT = "the file is damaged; download or export it again, or repair it with Calibre"
# ebooklib reports a malformed package with whatever its code trips over; the container
# checks catch the common cases first, and these turn the rest into one line.
_EBOOKLIB_ERRORS = (
    epub.EpubException, etree.LxmlError, KeyError, AttributeError, TypeError, IndexError, ValueError, *ZIP_ERRORS
)


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

    def _load_container(self) -> None:
        # ebooklib keeps the last package the container names; the first is the book's
        # default rendition (OCF). The IDPF's WCAG sample lists its print rendition, then
        # one pre-translated to braille, which was read: every title in braille cells.
        self.opf_file = package_path(self.zf, Path(self.file_name).name)
        self.opf_dir = posixpath.dirname(self.opf_file)

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
    parts = _spine_parts(book, toc, doc.warnings, doc.language)
    if parts and _NAME_NOT_TITLE.fullmatch(doc.title) and parts[0].heading_title:
        doc.title = parts[0].heading_title  # Sphinx's default epub_title is the project's name
    assign_languages(parts, doc)
    assemble(parts, toc, doc, options)
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
    notes = []
    if reader.missing:
        shown = ", ".join(sorted(set(reader.missing))[:5])
        notes.append(f"{len(set(reader.missing))} file(s) listed in the book are missing from it: {shown}")
    return book, toc_links(book), notes


def _spine_parts(book: epub.EpubBook, toc: list[NavLink], notes: list[str], language: str) -> list[Part]:
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
    toc_by_path: dict[str, list[tuple[int, NavLink]]] = defaultdict(list)
    for index, link in enumerate(toc):
        toc_by_path[by_lower.get(link.path.lower(), link.path)].append((index, link))
    marks_by_path: dict[str, list[NavLink]] = defaultdict(list)
    for link in marks:
        marks_by_path[by_lower.get(link.path.lower(), link.path)].append(link)

    lexicons = _Lexicons(book, notes)
    parts: list[Part] = []
    for item in documents:
        extra_kinds = {"toc"} if isinstance(item, epub.EpubNav) else set()
        parts.extend(
            _file_parts(item, toc_by_path[item.file_name], marks_by_path[item.file_name], extra_kinds, notes, lexicons,
                        language)
        )
    return parts


class _Lexicons:
    """PLS lexicons by path, each read once, merged per content document."""

    def __init__(self, book: epub.EpubBook, notes: list[str]):
        self.book = book
        self.notes = notes
        self._read: dict[str, dict[str, str]] = {}

    def for_document(self, root, path: str) -> dict[str, str]:
        merged: dict[str, str] = {}
        for lexicon in linked_lexicons(root, path):
            if lexicon not in self._read:
                item = self.book.get_item_with_href(lexicon)
                if item is None:
                    self.notes.append(f"{path} links to the pronunciation lexicon {lexicon}, which the book lacks")
                    self._read[lexicon] = {}
                else:
                    self._read[lexicon] = parse_lexicon(item.content or b"", lexicon, self.notes)
            merged.update(self._read[lexicon])
        return merged


def _is_html(item: epub.EpubItem) -> bool:
    media_type = (item.media_type or "").lower()
    return isinstance(item, epub.EpubHtml) or media_type in _HTML_TYPES or (
        not media_type and item.file_name.lower().endswith(_HTML_EXTENSIONS)
    )


def _file_parts(
    item: epub.EpubItem,
    entries: list[tuple[int, NavLink]],
    marks: list[NavLink],
    extra_kinds: set[str],
    notes: list[str],
    lexicons: _Lexicons,
    language: str,
) -> list[Part]:
    """Cut one spine file at its TOC anchors and pair each piece with its titles and entry."""
    path = item.file_name
    root, parse_notes = parse_markup(item.content or b"", path)
    notes.extend(parse_notes)
    fragments = frozenset(e.fragment for _, e in entries if e.fragment)
    if root is not None:
        sections = extract_sections(root, fragments, lexicons.for_document(root, path), language)
    else:
        sections = [Section(anchor=None)]
    found = {s.anchor for s in sections}

    titles: dict[str | None, list[str]] = defaultdict(list)
    nodes: dict[str | None, list[tuple[int, NavLink]]] = defaultdict(list)
    lost = []
    for index, entry in entries:
        if entry.fragment and entry.fragment not in found:
            lost.append((index, entry))
        else:
            nodes[entry.fragment].append((index, entry))
            if entry.title and entry.title not in titles[entry.fragment]:
                titles[entry.fragment].append(entry.title)
    for index, entry in lost:
        notes.append(
            f"Table of contents entry '{entry.title}' points to #{entry.fragment}, which {path} does not have; "
            "it is read as part of that file"
        )
        if not titles[None] and entry.title:
            titles[None].append(entry.title)  # the file's only title: name its start with it
        if not nodes[None]:
            nodes[None].append((index, entry))
    kinds: dict[str | None, set[str]] = defaultdict(set)
    for mark in marks:
        if mark.fragment is None or mark.fragment in found:
            kinds[mark.fragment].add(mark.kind)

    stem = posixpath.splitext(posixpath.basename(path))[0]
    parts = []
    carried_titles: list[str] = []
    carried_kinds: set[str] = set()
    carried_nodes: list[tuple[int, NavLink]] = []
    for position, section in enumerate(sections):
        section_titles = carried_titles + [t for t in titles[section.anchor] if t not in carried_titles]
        section_kinds = carried_kinds | kinds[section.anchor] | section.types | extra_kinds
        section_nodes = carried_nodes + nodes[section.anchor]
        is_last = position == len(sections) - 1
        if not section.paragraphs and not is_last:
            # An empty stretch before a split anchor: a TOC entry for the file's start
            # when the first chapter begins right away ("Part One" then "Chapter 1").
            carried_titles, carried_kinds, carried_nodes = section_titles, section_kinds, section_nodes
            continue
        carried_titles, carried_kinds, carried_nodes = [], set(), []
        if not section.paragraphs and len(sections) > 1 and not section_titles:
            continue
        source = f"{path}#{section.anchor}" if section.anchor else path
        file_stem = stem if section.anchor is None else None
        # The deepest entry names the part; the ones above it are parts or books it opens.
        node = max(section_nodes, key=lambda n: (n[1].depth, n[0]))[0] if section_nodes else None
        parts.append(Part(section, section_titles, section_kinds, source, file_stem, node))
    return parts


