"""A distributor's header and licence around the book (Project Gutenberg's), left unread.

Project Gutenberg's plain texts, web pages and EPUBs open with a header (the eBook's
title, a note on its licence, the release date, then ``*** START OF THE PROJECT
GUTENBERG EBOOK ... ***`` and often a "Produced by" credit) and close with ``*** END OF
... ***`` and the full licence, some 3,000 words. None of it is the book: a listener
heard the header before the first chapter and about twenty minutes of licence after
the last. Both are skipped and counted (``--include-front-matter`` reads them, as it
reads copyright pages); the header's ``Title:`` and ``Author:`` lines name a book whose
file does not (a plain text's title was otherwise its file name, "3261").
"""

from __future__ import annotations

import re

from litetts_cli.ingest.document import Chapter, Document, SkippedPart
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.placeholders import is_placeholder_author, is_placeholder_title
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.textutil import clean_text

BOILERPLATE = "distributor boilerplate"
"""The skip reason: a distributor's header, credits and licence."""

_START = re.compile(
    r"\*{3}\s*START OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b[^*]{0,400}\*{3}"
    r"|\*END\*\s*THE SMALL PRINT!.{0,200}?\*END\*",  # the header's end in 1990s texts
    re.IGNORECASE,
)
_END = re.compile(
    r"\*{3}\s*END OF (?:THE|THIS) PROJECT GUTENBERG E-?(?:BOOK|TEXT)\b"
    r"|\A\s*End of (?:the |this )?Project Gutenberg(?:['’]s)?\b",  # the line before it, as a paragraph
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"(?:Produced by|E-?text prepared by|Transcribed (?:from|by)|This (?:e-?book|e-?text) was (?:produced|prepared))\b",
    re.IGNORECASE,
)
_CREDIT_WORDS = 80
_CREDIT_PARAGRAPHS = 3
"""Credits are the first few short paragraphs after the start marker."""
_FIELD_NAMES = (
    "Title|Subtitle|Author|Authors|Editor|Translator|Illustrator|Release [Dd]ate|Posting [Dd]ate|"
    "Last [Uu]pdated|Language|Character set encoding|Produced by|Credits|Original publication|Series|"
    "Most recently updated"
)
_FIELD_END = rf"(?=\s*(?:\b(?:{_FIELD_NAMES})\s*:|\*{{3}}|\n|$))"
_TITLE_FIELD = re.compile(rf"\bTitle\s*:\s*(.+?){_FIELD_END}")
_AUTHOR_FIELD = re.compile(rf"\bAuthors?\s*:\s*(.+?){_FIELD_END}")


def strip_boilerplate(doc: Document, stem_title: str, options: IngestOptions) -> None:
    """Leave out what comes before the start marker and from the end marker on.

    Args:
        doc: the document as its reader made it; changed in place.
        stem_title: the title made from the file name, which the header's title replaces.
        options: ``include_front_matter`` keeps the text (the metadata is still taken).
    """
    start = _find(doc.chapters, _START)
    end = _find(doc.chapters, _END, after=start)
    if start is None and end is None:
        return
    if start is not None:
        header = _text_before(doc.chapters, start)
        _name_the_book(doc, header, stem_title)
    if options.include_front_matter:
        return
    if end is not None:
        _cut_from(doc, end)
    if start is not None:
        _cut_through(doc, start)
        _cut_credits(doc)
    for chapter in doc.chapters:
        if not chapter.paragraphs and chapter.skipped_words.get(BOILERPLATE):
            doc.skipped.append(SkippedPart(chapter.title, BOILERPLATE, chapter.source,
                                           chapter.skipped_words[BOILERPLATE]))
    doc.chapters = [c for c in doc.chapters if c.paragraphs]


_Place = tuple[int, int, re.Match]
"""(chapter index, paragraph index, the marker's match)."""


def _find(chapters: list[Chapter], pattern: re.Pattern, after: _Place | None = None) -> _Place | None:
    for c, chapter in enumerate(chapters):
        for p, paragraph in enumerate(chapter.paragraphs):
            if after is not None and (c, p) < after[:2]:
                continue
            begin = after[2].end() if after is not None and (c, p) == after[:2] else 0
            match = pattern.search(paragraph, begin)
            if match:
                return c, p, match
    return None


def _text_before(chapters: list[Chapter], place: _Place) -> str:
    c, p, match = place
    lines = [q for chapter in chapters[:c] for q in chapter.paragraphs]
    lines += chapters[c].paragraphs[:p] + [chapters[c].paragraphs[p][: match.start()]]
    return "\n".join(lines)


def _name_the_book(doc: Document, header: str, stem_title: str) -> None:
    title = _field(_TITLE_FIELD, header)
    if title and (doc.title == stem_title or is_placeholder_title(doc.title) or not doc.title):
        for chapter in doc.chapters:
            if chapter.title == doc.title:
                chapter.title = title
        doc.title = title
    author = _field(_AUTHOR_FIELD, header)
    if author and (not doc.author or is_placeholder_author(doc.author)):
        doc.author = author


def _field(pattern: re.Pattern, header: str) -> str:
    match = pattern.search(header)
    value = clean_text(match.group(1)) if match else ""
    return "" if is_placeholder_author(value) else value


def _cut_through(doc: Document, place: _Place) -> None:
    """Drop everything up to the end of the start marker."""
    c, p, match = place
    for chapter in doc.chapters[:c]:
        _skip_chapter(doc, chapter)
        chapter.paragraphs = []
    chapter = doc.chapters[c]
    rest = clean_text(chapter.paragraphs[p][match.end():])
    dropped = chapter.paragraphs[:p] + [chapter.paragraphs[p][: match.end()]]
    _drop_front(chapter, p + 1, [rest] if rest else [], dropped)
    if any(_said(chapter.title) == _said(q) for q in dropped):
        # Its title was the header's heading ("News from Nowhere, by William Morris" over
        # the eBook's notice): the book's own first heading, else the book, names it now.
        first = chapter.heading_indices[0] if chapter.heading_indices else None
        chapter.title = chapter.paragraphs[0].rstrip(".") if first == 0 and chapter.paragraphs else doc.title


def _said(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _cut_from(doc: Document, place: _Place) -> None:
    """Drop the end marker and everything after it."""
    c, p, match = place
    for chapter in doc.chapters[c + 1:]:
        _skip_chapter(doc, chapter)
        chapter.paragraphs = []
    chapter = doc.chapters[c]
    kept = clean_text(chapter.paragraphs[p][: match.start()])
    dropped = [chapter.paragraphs[p][match.start():]] + chapter.paragraphs[p + 1:]
    chapter.paragraphs = chapter.paragraphs[:p] + ([kept] if kept else [])
    chapter.heading_indices = [i for i in chapter.heading_indices if i < len(chapter.paragraphs)]
    _count(chapter, dropped)


def _cut_credits(doc: Document) -> None:
    """"Produced by ..." and like credits just after the start marker."""
    chapter = next((c for c in doc.chapters if c.paragraphs), None)
    if chapter is None:
        return
    credits = 0
    for paragraph in chapter.paragraphs[:_CREDIT_PARAGRAPHS]:
        if not (_CREDIT.match(paragraph) and count_words(paragraph) <= _CREDIT_WORDS):
            break
        credits += 1
    if credits:
        _drop_front(chapter, credits, [], chapter.paragraphs[:credits])


def _drop_front(chapter: Chapter, count: int, replacement: list[str], dropped: list[str]) -> None:
    """Replace the first ``count`` paragraphs with ``replacement``, counting ``dropped``."""
    chapter.paragraphs = replacement + chapter.paragraphs[count:]
    shift = count - len(replacement)
    chapter.heading_indices = [i - shift for i in chapter.heading_indices if i >= count]
    _count(chapter, dropped)


def _count(chapter: Chapter, dropped: list[str]) -> None:
    words = sum(count_words(p) for p in dropped)
    if words:
        chapter.skipped_words[BOILERPLATE] = chapter.skipped_words.get(BOILERPLATE, 0) + words


def _skip_chapter(doc: Document, chapter: Chapter) -> None:
    doc.skipped.append(SkippedPart(chapter.title, BOILERPLATE, chapter.source, chapter.word_count))
