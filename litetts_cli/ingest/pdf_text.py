"""From PDF lines to what is read: furniture and footnotes out, paragraphs and headings in.

- Running headers and footers: lines at the very top or bottom of a page whose text
  (digits ignored) repeats on several pages, and lone page numbers ("12", "- 12 -",
  "Page 3 of 9", "xiv").
- Footnotes: a block of smaller type at the foot of a page or column. They are not
  read in the middle of the text (the superscript marks in the text are dropped
  when the lines are made, see ``pdf_layout``).
- Paragraphs: lines of one box are joined, a word hyphenated at a line end is made
  whole, and a new paragraph starts after a short last line, at an indent, after a
  gap, or at a heading. A paragraph cut by a column or page break is rejoined when
  the next line starts in lower case.
- Headings: lines set clearly larger than the body text, or short bold lines on
  their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from litetts_cli.ingest.pdf_layout import Line
from litetts_cli.ingest.reading import count_words

_MARGIN_ZONE = 0.1
"""Share of the page height at the top and at the bottom where headers and footers live."""
_REPEAT_SHARE = 0.3
"""A margin line whose text comes back on this share of the pages is furniture."""
HEADING_RATIO = 1.15
"""A line this much larger than the body text is a heading."""
_FOOTNOTE_RATIO = 0.9
_HEADING_MAX_WORDS = 20
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–—(\[]?\s*(?:#|[ivxlcdm]+)\s*[-–—)\]]?(?:\s*(?:of|/)\s*#)?")
_FOLIO = re.compile(r"(?:page\s*)?[-–—(\[]?\s*#\s*[-–—)\]]?(?:\s*(?:of|/)\s*#)?")
"""A page number in digits: the only kind taken from a page's last line outside the margin zone."""
_TERMINAL = tuple(".!?:;…\"'”’)")
_MATH_OPERATOR = re.compile("[=≡≈∈∉∧∨∀∃∅≤≥≠⊂⊆⊃⊇∪∩⇒⇔→↦∑∏∫√∞±×÷]")
_PROSE_WORD = re.compile(r"(?<![\w\[(])[a-z]{3,}(?![\w(])")
# A note's own mark when it was not raised enough to be dropped as a superscript: "1The".
_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§¶])(?=[A-Z])")
_EQUATION_NUMBER = re.compile(r"\(\d{1,4}[a-z]?\)")


@dataclass
class Block:
    """A paragraph or a heading, in reading order."""

    text: str
    heading: bool
    size: float
    page: int


PAGE_NUMBERS = "page numbers"
RUNNING_HEADERS = "running headers"
NOTES = "notes"
MATH = "math"
"""Reasons for words not read, as the EPUB reader names them (``Chapter.skipped_words``)."""


@dataclass
class Removed:
    """Words taken out of the pages before reading, for the chapter accounting."""

    entries: list[tuple[int, Line | None, str, int, str]] = field(default_factory=list)
    """(page, the line read just before them or None for the top of the page, reason,
    words, the text itself for notes)."""
    footnotes: int = 0

    def add(self, page: int, anchor: Line | None, reason: str, words: int, text: str = "") -> None:
        self.entries.append((page, anchor, reason, words, text))


def body_size(pages: list[list[Line]]) -> float:
    """The font size most of the text is set in (by characters)."""
    sizes: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def strip_furniture(pages: list[list[Line]], removed: Removed) -> list[list[Line]]:
    """Drop running headers, footers and page numbers."""
    counts: Counter[tuple[str, str]] = Counter()
    for lines in pages:
        counts.update({(zone, _key(line.text)) for line in lines if (zone := _zone(line))})
    pages_with_text = sum(1 for lines in pages if lines)
    needed = max(2, math.ceil(pages_with_text * _REPEAT_SHARE))
    kept_pages = []
    for lines in pages:
        kept = []
        foot = _foot_line(lines)
        for line in lines:
            zone = _zone(line)
            key = _key(line.text)
            if (zone and _PAGE_NUMBER.fullmatch(key)) or (line is foot and _FOLIO.fullmatch(key)):
                removed.add(line.page, None, PAGE_NUMBERS, count_words(line.text))
            elif zone and counts[(zone, key)] >= needed:
                removed.add(line.page, None, RUNNING_HEADERS, count_words(line.text))
            else:
                kept.append(line)
        kept_pages.append(kept)
    return kept_pages


def strip_footnotes(lines: list[Line], body: float, removed: Removed) -> list[Line]:
    """Drop a block of small type at the foot of each column of one page (notes set
    across the page are the foot of its full-width "column")."""
    dropped: set[int] = set()
    for column in {line.column for line in lines}:
        in_column = sorted((line for line in lines if line.column == column), key=lambda line: line.top)
        block = []
        for line in reversed(in_column):
            if line.size <= body * _FOOTNOTE_RATIO and line.top > line.page_height * 0.5:
                block.append(line)
            else:
                break
        if block and len(block) < len(lines):
            removed.footnotes += len({line.box for line in block})
            above = [line for line in lines if line.top < block[-1].top and line not in block]
            anchor = max(above, key=lambda line: line.top) if above else None
            text = ""
            for line in reversed(block):  # block runs bottom-up
                text = join_lines(text, line.text) if text else line.text
            text = _NOTE_MARK.sub("", text)
            removed.add(block[0].page, anchor, NOTES, count_words(text), text)
            dropped.update(id(line) for line in block)
    return [line for line in lines if id(line) not in dropped]


def strip_math(lines: list[Line], removed: Removed) -> list[Line]:
    """Drop display equations: lines with mathematical operators and hardly a word of
    prose ("(13) v(x) ≡ xn ∈ N256 ∧ xb ∈ N256"), and lone equation numbers ("(14)")."""
    kept: list[Line] = []
    for line in lines:
        prose = len(_PROSE_WORD.findall(line.text))
        if _EQUATION_NUMBER.fullmatch(line.text) or (_MATH_OPERATOR.search(line.text) and prose < 3):
            removed.add(line.page, kept[-1] if kept else None, MATH, max(1, count_words(line.text)))
        else:
            kept.append(line)
    return kept


def heading_flags(lines: list[Line], body: float) -> list[bool]:
    """Which lines are headings: set clearly larger than the body text, or a short
    bold line on its own between lines that are not bold ("1. Introduction")."""
    flags = []
    for index, line in enumerate(lines):
        short = len(line.text.split()) <= _HEADING_MAX_WORDS
        if line.tabular:  # a table's header row, bold or large, is no chapter
            flags.append(False)
            continue
        if line.size >= body * HEADING_RATIO:
            flags.append(short)
            continue
        before = lines[index - 1] if index else None
        after = lines[index + 1] if index + 1 < len(lines) else None
        alone = (before is None or not before.bold) and (after is not None and not after.bold)
        flags.append(line.bold and alone and len(line.text.split()) <= 12 and not line.text.endswith((".", ",", ";")))
    return flags


def blocks_from_lines(lines: list[Line], body: float) -> tuple[list[Block], list[int]]:
    """Join lines into paragraphs and headings (see the module docstring for the rules).

    Returns:
        The blocks, and for each the index of its first line in ``lines``.
    """
    flags = heading_flags(lines, body)
    blocks: list[Block] = []
    starts: list[int] = []
    for index, line in enumerate(lines):
        if index == 0 or _starts_block(lines[index - 1], line, flags[index - 1], flags[index]):
            blocks.append(Block(line.text, flags[index], line.size, line.page))
            starts.append(index)
        else:
            blocks[-1].text = join_lines(blocks[-1].text, line.text)
    return blocks, starts


def _starts_block(previous: Line, line: Line, was_heading: bool, heading: bool) -> bool:
    if heading or was_heading:
        return not (heading and was_heading and previous.box == line.box and abs(previous.size - line.size) < 0.5)
    ends_sentence = previous.text.endswith(_TERMINAL)
    if previous.box != line.box:
        # A column or page break in mid-sentence: the paragraph goes on.
        return ends_sentence or not line.text[:1].islower()
    size = max(line.size, 1.0)
    if line.top - previous.bottom > size * 0.9:
        return True
    indented = line.x0 - line.box_x0 > size * 0.8 and previous.x0 - line.box_x0 < size * 0.5
    short = previous.x1 < line.box_x1 - size * 2
    return ends_sentence and (indented or short)


def join_lines(text: str, following: str) -> str:
    """Join two lines of a paragraph, making a word broken by a hyphen whole again."""
    if text.endswith("\u00ad"):
        return text[:-1] + following
    if len(text) >= 2 and text[-1] in "-‐" and text[-2].isalpha() and following[:1].islower():
        return text[:-1] + following
    return f"{text} {following}"


def _foot_line(lines: list[Line]) -> Line | None:
    """The page's lowest line when it sits below everything else in the lower half: where a
    page number goes even when the margin is wider than the zone (LaTeX's A4 article
    prints it at 84% of the page height)."""
    if not lines:
        return None
    lowest = max(lines, key=lambda line: line.bottom)
    if lowest.top < lowest.page_height / 2 or any(o.bottom > lowest.top for o in lines if o is not lowest):
        return None
    return lowest


def _zone(line: Line) -> str:
    if line.top < line.page_height * _MARGIN_ZONE:
        return "top"
    if line.bottom > line.page_height * (1 - _MARGIN_ZONE):
        return "bottom"
    return ""


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))
