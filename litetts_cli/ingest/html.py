"""Web pages (.html) -> :class:`Document`: the article, without the rest of the page.

trafilatura (Apache-2.0) finds the main content and drops menus, sidebars, share
bars, comments and footers. Its headings become chapters: the page title (an h1
that repeats it) opens the first chapter, and each heading of the highest other
level starts a new one. Lists are read item by item; tables are skipped, or read
row by row with ``IngestOptions.read_tables``. The words of the page that are not
part of the article are counted as skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.elements import BLOCKS, is_line_block, is_verse, is_verse_line, semantic_types
from litetts_cli.ingest.mathjax import with_tex
from litetts_cli.ingest.sections import fold_heading_only_chapters, skip_apparatus
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.verse_lines import preformatted_verse
from litetts_cli.ingest.textutil import (
    clean_text, ensure_line_end, ensure_terminal_punctuation, is_speakable, title_from_stem,
)

_LEVEL = re.compile(r"h([1-6])")
# Links that sites put in their headings: "History[edit]", "Current status #", "Usage ¶".
_HEADING_CHROME = re.compile(r"\s*(?:\[\s*edit(?: source)?\s*\]|[#¶§])\s*$")
_NOT_ARTICLE = "the rest of the page (menus, sidebars, comments, footer)"
TABLES = "tables"
"""The reason for a skipped table's words, as the EPUB reader names it (``Chapter.skipped_words``)."""


def read_html(path: Path, options: IngestOptions) -> Document:
    """Read the article of a saved web page into chapters.

    Raises:
        InputError: the page cannot be read or has no article in it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path.name}: {exc.strerror or exc}", hint="check the file") from None
    return html_to_document(data, path.stem, options, name=path.name)


def html_to_document(data: bytes, stem: str, options: IngestOptions, *, name: str = "page") -> Document:
    """The article in an HTML page (bytes: the page's own encoding is honoured)."""
    import trafilatura

    def extract(page: bytes):
        return trafilatura.bare_extraction(
            page, include_comments=False, include_tables=True, include_images=False, include_links=False,
            with_metadata=True, favor_precision=True,
        )

    page = _with_verse_line_ends(_without_screen_reader_text(with_tex(data)))
    try:
        found = extract(page)
        if found is not None and getattr(found, "body", None) is not None \
                and not any(el.tag == "head" for el in found.body.iter()):
            flat = _flat_page_as_article(page)
            found = extract(flat) if flat is not None else found
    except (ValueError, TypeError, etree.LxmlError):
        found = None
    body = getattr(found, "body", None)
    if body is None or not is_speakable(body.xpath("string()")):
        raise InputError(
            f"{name} has no article to read: the page holds only menus, links or forms",
            hint="open the article's own page and save that, or copy its text into a .txt file",
        )
    for line_break in body.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")  # "prose one<br>two" is not "onetwo"
    blocks, tables = _blocks(body, options)
    title = _not_the_site(clean_text(found.title or ""), data) or next((text for level, text in blocks if level), "") \
        or title_from_stem(stem)
    doc = Document(chapters=_chapters(blocks, title), title=title, author=clean_text(found.author or ""))
    if not doc.chapters:
        raise InputError(f"{name} has no article to read", hint="save the article's own page and try again")
    skip_apparatus(doc, options.include_front_matter)
    if tables and not options.read_tables:
        doc.warnings.append(f"Skipped {tables} table(s); --read-tables reads them row by row")
    accounted = doc.word_count + sum(part.words for part in doc.skipped)
    accounted += sum(sum(chapter.skipped_words.values()) for chapter in doc.chapters)
    page_words, doc.language = _page_words_and_language(data)
    around = page_words - accounted
    if around > 0:
        doc.skipped.append(SkippedPart(_NOT_ARTICLE, "not part of the article", "", around))
    return doc


_SCREEN_READER_ONLY = frozenset(
    "sr-only visually-hidden visuallyhidden screen-reader-text screen-reader-only assistive-text landmark".split()
)
"""Classes of text a page hides from sight for screen readers: "Skip to content", "(opens
in a new tab)", the Archive of Our Own's "Chapter Text" over every story."""


def _without_screen_reader_text(data: bytes) -> bytes:
    """The page without its visually hidden helper text (unchanged when it has none)."""
    if not any(name.encode() in data for name in _SCREEN_READER_ONLY):
        return data
    try:
        root = lxml.html.fromstring(data)
    except (etree.LxmlError, ValueError):
        return data
    hidden = [el for el in root.iter() if isinstance(el.tag, str)
              and _SCREEN_READER_ONLY & set((el.get("class") or "").lower().split())]
    if not hidden:
        return data
    for el in hidden:
        el.drop_tree()
    return lxml.html.tostring(root, encoding="utf-8")


_FLAT_HEADINGS = 2
"""Headings right under ``<body>`` that make a page a flat document (a book's chapters)."""


def _flat_page_as_article(page: bytes) -> bytes | None:
    """A flat document (headings and paragraphs right under ``<body>``, no ``<article>`` or
    ``<main>``: Project Gutenberg's HTML books, pages saved from word processors) with its
    body's content put in an ``<article>``; None for any other page.

    trafilatura keeps the paragraphs of such a page but drops every heading outside a
    container, so News from Nowhere's 32 chapters became one chapter of 77,000 words and
    no chapter title was spoken."""
    try:
        root = lxml.html.fromstring(page)
    except (etree.LxmlError, ValueError):
        return None
    body = root.find("body")
    if body is None or root.find(".//article") is not None or root.find(".//main") is not None:
        return None
    if sum(1 for child in body if isinstance(child.tag, str) and child.tag.lower() in _HEADING_TAGS) < _FLAT_HEADINGS:
        return None
    article = lxml.html.Element("article")
    article.text, body.text = body.text, None
    for child in list(body):
        article.append(child)
    body.append(article)
    return lxml.html.tostring(root, encoding="utf-8")


_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _blocks(body, options: IngestOptions) -> tuple[list[tuple[int, str]], int]:
    """(heading level or 0, text) in reading order, and how many tables there are. A
    skipped table is a block (-words, ""): its words are counted in its chapter."""
    blocks: list[tuple[int, str]] = []
    tables = _walk(body, options, blocks)
    return [(level, _verse_lines(text)) for level, text in blocks], tables


_LINE_END = "\ue000"
"""Left by :func:`_with_verse_line_ends` where a line of verse ends (a private-use
character: the extractor keeps it, and no page's text is made of it)."""
_VERSE_HINTS = (b"poem", b"stanza", b"verse", b"song", b"lyrics", b"poetry", b"line", b"<pre", b"<PRE")


def _with_verse_line_ends(data: bytes) -> bytes:
    """The page with a mark before each ``<br>`` of a poem or stanza (Project Gutenberg's
    ``div.poem``/``div.stanza``) and after each of its lines set as a block of their own,
    which the extractor keeps and :func:`_verse_lines` turns into a pause; verse set in
    ``<pre>`` becomes a paragraph a stanza (unchanged when it has no verse)."""
    if not any(hint in data for hint in _VERSE_HINTS):
        return data
    try:
        root = lxml.html.fromstring(data)
    except (etree.LxmlError, ValueError):
        return data
    marked = False
    for pre in list(root.iter("pre")):
        verse = preformatted_verse(pre.text_content())
        if verse is not None:
            # Verse set as preformatted text (Gutenberg's Leaves of Grass): a paragraph a stanza.
            stanzas_div = etree.Element("div")
            for stanza in verse:
                etree.SubElement(stanzas_div, "p").text = stanza
            stanzas_div.tail = pre.tail
            pre.getparent().replace(pre, stanzas_div)
            marked = True
    stanzas: dict = {}
    for verse in [el for el in root.iter() if isinstance(el.tag, str) and is_verse(el, semantic_types(el))]:
        lines = [el for el in verse.iterdescendants() if isinstance(el.tag, str)
                 and (is_verse_line(el) or is_line_block(el, stanzas))]
        for line in lines:
            # A stanza set a block per line (<div>s in a div.linegroup) reads as one paragraph.
            line.tag = "span" if line.tag in BLOCKS else line.tag
            line.tail = _LINE_END + " " + (line.tail or "")
            marked = True
        for line_break in verse.iter("br"):
            before = line_break.getprevious()
            if before is not None:
                before.tail = (before.tail or "") + _LINE_END
            else:
                parent = line_break.getparent()
                parent.text = (parent.text or "") + _LINE_END
            marked = True
    # Character references: the page's declared encoding still reads these bytes right.
    return lxml.html.tostring(root, encoding="ascii") if marked else data


def _verse_lines(text: str) -> str:
    """Text with verse marks: each line that another follows ends with a pause."""
    if _LINE_END not in text:
        return text
    lines = [line.strip() for line in text.split(_LINE_END) if line.strip()]
    return " ".join([ensure_line_end(line) for line in lines[:-1]] + lines[-1:])


def _walk(container, options: IngestOptions, blocks: list[tuple[int, str]]) -> int:
    """Add the blocks of ``container``'s children to ``blocks``; the tables skipped or read."""
    tables = 0
    for element in container:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table" and _is_layout(element):
            # A page laid out in a table (LWN): its cells hold the article, not data.
            for cell in element.iter("cell"):
                text = clean_text(cell.text or "")
                if is_speakable(text):
                    blocks.append((0, text))
                tables += _walk(cell, options, blocks)
            continue
        if tag == "head":
            match = _LEVEL.fullmatch(element.get("rend", ""))
            text = _HEADING_CHROME.sub("", clean_text(element.xpath("string()")))
            if is_speakable(text):
                blocks.append((int(match.group(1)) if match else 2, text))
        elif tag == "list":
            for item in element.iter("item"):
                text = clean_text(item.xpath("string()"))
                if is_speakable(text):
                    blocks.append((0, ensure_terminal_punctuation(text)))
        elif tag == "table":
            rows = [", ".join(t for c in row.iter("cell") if (t := clean_text(c.xpath("string()"))))
                    for row in element.iter("row")]
            rows = [row for row in rows if is_speakable(row)]
            tables += 1
            if options.read_tables:
                blocks += [(0, ensure_terminal_punctuation(row)) for row in rows]
            elif rows:
                blocks.append((-sum(count_words(row) for row in rows), ""))
        else:
            text = clean_text(element.xpath("string()"))
            if is_speakable(text):
                blocks.append((0, text))
        tail = clean_text(element.tail or "") if container.tag == "cell" else ""
        if is_speakable(tail):
            blocks.append((0, tail))
    return tables


def _is_layout(table) -> bool:
    """A table that lays out a page rather than holding data: one of its own cells
    (not a nested table's) holds a heading and paragraphs, or a long text."""
    for cell in table.iter("cell"):
        if next(cell.iterancestors("table")) is not table:
            continue  # a nested table's cell: judged when that table is walked
        words = count_words(cell.xpath("string()"))
        if words >= _LAYOUT_WORDS or (words >= _LAYOUT_WORDS // 2 and cell.find("head") is not None):
            return True
    return False


_LAYOUT_WORDS = 100
"""Words in one cell that make a table a page layout: no data cell holds a hundred."""


def _chapters(blocks: list[tuple[int, str]], title: str) -> list[Chapter]:
    levels = [level for level, text in blocks if level > 0 and not _same(text, title)]
    top = min(levels) if levels else 0
    chapters: list[Chapter] = []
    for index, (level, text) in enumerate(blocks):
        if level < 0:  # a skipped table
            if not chapters:
                chapters.append(Chapter(title=title, source=f"block {index + 1}"))
            chapters[-1].skipped_words[TABLES] = chapters[-1].skipped_words.get(TABLES, 0) - level
            continue
        if not chapters or (level and level == top and not _same(text, title)):
            chapter_title = text if level else title
            chapters.append(Chapter(title=chapter_title, source=f"block {index + 1}"))
        chapter = chapters[-1]
        if level:
            chapter.heading_indices.append(len(chapter.paragraphs))
            text = ensure_terminal_punctuation(text)
        chapter.paragraphs.append(text)
    return fold_heading_only_chapters([c for c in chapters if c.paragraphs], book_title=title)


_TITLE_SEPARATORS = re.compile(r"\s+[-|–—·]\s+|\s*[\[\]]\s*")
"""Between the parts of a page's ``<title>``: "Work - Chapter 1 - Author [Site Name]"."""


def _not_the_site(title: str, data: bytes) -> str:
    """``title``, unless it is the site's name (the Archive of Our Own's only h1 is its
    logo, "Archive of Our Own beta"): then the first part of the page's ``<title>``, whose
    last part names the site ("The Work - Chapter 1 - Author - Fandom [Archive of Our Own]")."""
    match = re.search(rb"<title[^>]*>(.*?)</title>", data, re.IGNORECASE | re.DOTALL)
    if not title or match is None:
        return title
    try:
        page_title = clean_text(lxml.html.fromstring(b"<p>" + match.group(1) + b"</p>").text_content())
    except (etree.LxmlError, ValueError):
        return title
    parts = [p for p in _TITLE_SEPARATORS.split(page_title) if p.strip()]
    if len(parts) < 2:
        return title
    words = lambda s: " ".join(re.findall(r"\w+", s.casefold()))  # noqa: E731
    site, said = words(parts[-1]), words(title)
    if site and (said == site or said.startswith(site + " ")) and words(parts[0]) != site:
        return parts[0].strip()
    return title


def _same(text: str, title: str) -> bool:
    squash = lambda s: "".join(ch for ch in s.lower() if ch.isalnum())  # noqa: E731
    return squash(text) == squash(title)


def _page_words_and_language(data: bytes) -> tuple[int, str]:
    """Words a browser would show on the whole page (no scripts, styles or head), and
    the language the page declares (``<html lang>``)."""
    try:
        root = lxml.html.fromstring(data)
    except (etree.LxmlError, ValueError):
        return 0, ""
    language = clean_text(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
    for node in root.xpath("//script|//style|//noscript|//template|//head"):
        node.drop_tree()
    return count_words(root.text_content()), language
