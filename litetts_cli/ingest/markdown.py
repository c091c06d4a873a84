"""Markdown -> :class:`Document`, through markdown-it-py's CommonMark parser.

Headings at the chapter level or above start chapters. A lone top heading that
opens the file ("# My Book" over "## Chapter 1" ...) is the book's title, and the
next level down makes the chapters. Inline markup is dropped (links read as their
text, images as their alt text, inline code as its text); each list item is a
paragraph ending in a stop; code blocks and tables are skipped unless asked.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from litetts_cli.ingest.document import Chapter, Document
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.textutil import clean_text, ensure_terminal_punctuation, is_speakable
from litetts_cli.ingest.verse_lines import SHORTEST_WRAP, join_verse, verse_lines
from litetts_cli.ingest.xhtml import fragment_paragraphs

_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]{1,40}\]")
_LINE_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)
_LINE_BLOCK = re.compile(r"^\|(?: |$)")
"""The bar that opens each line of a Pandoc line block."""
_QUOTE_MARKS = re.compile(r"^[ \t>]*")
"""A source line's indentation and block quote marks ("> > "), which are not its text."""
_FRONT_MATTER_FIELD = re.compile(r"(\w[\w-]{0,40})\s*:\s*(.*)")
_FRONT_MATTER_MAX_LINES = 200


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@dataclass
class _Walk:
    """State while turning the token stream into chapters."""

    doc: Document
    options: IngestOptions
    preamble_title: str
    chapter_level: int
    title_index: int | None
    line_offset: int
    source: list[str]
    """The Markdown's lines (after any front matter), for telling verse from prose."""
    chapter: Chapter | None = None
    list_depth: int = 0
    code_skipped: int = 0
    tables_skipped: int = 0

    def add(self, text: str, *, heading: bool = False) -> None:
        if not is_speakable(text):
            return
        chapter = self.chapter or self.start(self.preamble_title, source="line 1", with_heading=False)
        if heading:
            chapter.heading_indices.append(len(chapter.paragraphs))
        chapter.paragraphs.append(text)

    def start(self, title: str, source: str, with_heading: bool = True) -> Chapter:
        self.chapter = Chapter(title=title, source=source)
        self.doc.chapters.append(self.chapter)
        if with_heading and title:
            self.add(title, heading=True)
        return self.chapter


def markdown_to_document(text: str, title: str, options: IngestOptions) -> Document:
    """Split Markdown into chapters at its headings.

    Args:
        text: the whole Markdown text, already decoded.
        title: fallback document title (from the file name).
        options: ``markdown_chapter_level`` and ``include_code`` apply.
    """
    meta, body, line_offset = _front_matter(text)
    tokens = _parser().parse(body)
    level, title_index = _chapter_level(tokens, options.markdown_chapter_level)
    title_heading = _inline_text(tokens[title_index + 1]) if title_index is not None else ""
    doc = Document(
        chapters=[],
        title=meta.get("title") or title_heading or title,
        author=meta.get("author") or meta.get("authors") or "",
        language=meta.get("lang") or meta.get("language") or "",
    )
    walk = _Walk(doc, options, title_heading or doc.title, level, title_index, line_offset, body.splitlines())
    index = 0
    while index < len(tokens):
        index = _step(tokens, index, walk)
    _attach_title_heading(doc, title_index is not None)
    for number, chapter in enumerate(doc.chapters, start=1):
        chapter.title = chapter.title or f"Chapter {number}"
    if walk.code_skipped:
        doc.warnings.append(
            f"Skipped {walk.code_skipped} code block(s); set include_code (--include-code) to read them"
        )
    if walk.tables_skipped:
        doc.warnings.append(f"Skipped {walk.tables_skipped} table(s): tables are not read aloud")
    return doc


def _step(tokens: list[Token], index: int, walk: _Walk) -> int:
    """Handle the token at ``index``; return the index of the next one to look at."""
    token = tokens[index]
    kind = token.type
    if kind == "heading_open":
        text = _inline_text(tokens[index + 1])
        if index == walk.title_index:
            walk.add(text, heading=True)
        elif int(token.tag[1]) <= walk.chapter_level:
            line = (token.map[0] if token.map else 0) + walk.line_offset + 1
            walk.start(text, source=f"line {line}")
        else:
            walk.add(text, heading=True)
        return index + 3
    if kind == "paragraph_open":
        inline = tokens[index + 1]
        text = _paragraph_text(token, inline, walk)
        if walk.list_depth or _only_images(inline):
            text = ensure_terminal_punctuation(text)
        walk.add(text)
        return index + 3
    if kind == "list_item_open":
        walk.list_depth += 1
    elif kind == "list_item_close":
        walk.list_depth -= 1
    elif kind in ("fence", "code_block"):
        if walk.options.include_code:
            walk.add(clean_text(token.content))
        elif token.content.strip():
            walk.code_skipped += 1
    elif kind == "html_block":
        for paragraph in fragment_paragraphs(token.content):
            walk.add(paragraph)
    elif kind == "table_open":
        walk.tables_skipped += 1
        while index < len(tokens) and tokens[index].type != "table_close":
            index += 1
    return index + 1


def _chapter_level(tokens: list[Token], wanted: int) -> tuple[int, int | None]:
    """The heading level that starts chapters, and the index of a title heading if any."""
    headings = [(i, int(t.tag[1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    levels = {lvl for _, lvl in headings}
    if not levels:
        return wanted, None
    level = wanted if min(levels) <= wanted else min(levels)
    top = [(i, lvl) for i, lvl in headings if lvl <= level]
    deeper = [lvl for lvl in levels if lvl > level]
    if len(top) == 1 and top[0][0] == 0 and deeper:
        return min(deeper), 0
    return level, None


def _attach_title_heading(doc: Document, has_title_heading: bool) -> None:
    """A title heading with nothing under it opens the first chapter instead of being one."""
    if not has_title_heading or len(doc.chapters) < 2:
        return
    first, second = doc.chapters[0], doc.chapters[1]
    if first.paragraphs and len(first.paragraphs) == 1 and first.heading_indices == [0]:
        second.paragraphs.insert(0, first.paragraphs[0])
        second.heading_indices = [0] + [i + 1 for i in second.heading_indices]
        del doc.chapters[0]


def _inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)  # an image's content is its alt text
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline" and _LINE_BREAK_TAG.match(child.content):
            parts.append(" ")
    return clean_text(_FOOTNOTE_REF.sub("", "".join(parts)))


def _paragraph_text(token: Token, inline: Token, walk: _Walk) -> str:
    """A paragraph's text; a stanza's lines each end with a pause: lines broken by hand
    (two trailing spaces, a backslash or <br> at every line end), or short lines set as
    verse (:mod:`.verse_lines`). A plain line break is a space in Markdown, and writers
    often start each sentence or clause on a new source line ("Some of this" over
    "[originally](http://...)" in the art-of-command-line README), so only lines that
    would fit a narrow page count as set by hand, however wide the source runs."""
    lines, breaks = _inline_lines(inline)
    if all(_LINE_BLOCK.match(line) for line in lines) and not all(line.endswith("|") for line in lines):
        # Pandoc's line block, "| " before each line (not a table row): a stanza, no bars read.
        lines = [line for line in (_LINE_BLOCK.sub("", line) for line in lines) if line]
        return clean_text(_FOOTNOTE_REF.sub("", join_verse(lines))) if lines else ""
    if len(lines) < 2:
        return _inline_text(inline)
    source = walk.source[token.map[0]:token.map[1]] if token.map else []
    stanza = all(hard for hard in breaks) or (
        len(source) == len(lines) and verse_lines([_QUOTE_MARKS.sub("", line) for line in source], SHORTEST_WRAP) is not None
    )
    if not stanza:
        return _inline_text(inline)
    return clean_text(_FOOTNOTE_REF.sub("", join_verse(lines)))


def _inline_lines(token: Token) -> tuple[list[str], list[bool]]:
    """A paragraph's text line by line, and whether each break between lines is a hard one."""
    lines, breaks, parts = [], [], []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _LINE_BREAK_TAG.match(child.content)
        ):
            hard = child.type != "softbreak"
            if lines and not "".join(parts).strip():
                breaks[-1] = breaks[-1] or hard  # "<br>" then the newline: one break
                continue
            lines.append(clean_text("".join(parts)))
            breaks.append(hard)
            parts = []
    lines.append(clean_text("".join(parts)))
    return lines, breaks


def _only_images(token: Token) -> bool:
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
    return bool(children) and all(c.type == "image" for c in children)


def _front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """YAML-style front matter (``---`` ... ``---``) as simple ``key: value`` pairs.

    Returns:
        The fields (lower-case keys), the Markdown after the front matter, and how
        many lines the front matter took (for line numbers in messages).
    """
    if text.startswith("% "):
        return _title_block(text)
    if not text.startswith("---"):
        return {}, text, 0
    lines = text.split("\n", _FRONT_MATTER_MAX_LINES + 1)
    if lines[0].strip() != "---":
        return {}, text, 0
    for end in range(1, min(len(lines), _FRONT_MATTER_MAX_LINES + 1)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text, 0
    fields = {}
    for line in lines[1:end]:
        match = _FRONT_MATTER_FIELD.fullmatch(line.strip())
        if match:
            fields[match.group(1).lower()] = clean_text(match.group(2).strip().strip("\"'"))
        elif line.strip() and not line[:1].isspace() and not line.lstrip().startswith(("-", "#")):
            return {}, text, 0  # not YAML: a thematic break that opens the document
    if not fields:
        return {}, text, 0
    body = "\n".join(lines[end + 1 :])
    return fields, body, end + 1


def _title_block(text: str) -> tuple[dict[str, str], str, int]:
    """Pandoc's title block: up to three opening lines "% Title", "% Author", "% Date"
    (not read as the book's first paragraph)."""
    lines = text.split("\n", 3)
    count = next((i for i, line in enumerate(lines[:3]) if not line.startswith("%")), min(3, len(lines)))
    values = [clean_text(line[1:]) for line in lines[:count]]
    fields = {key: value for key, value in zip(("title", "author", "date"), values) if value}
    return fields, "\n".join(lines[count:]), count
