"""Lines of a PDF page in reading order, with the geometry the cleanup needs.

pdfminer.six groups characters into line fragments. Here each fragment becomes a
small :class:`Line` (text, position, font size) without its superscript footnote
marks; fragments on one baseline of one column are joined; and the lines are put
in reading order: a page is cut into bands by full-width lines, and within a band
the left column is read before the right one.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass

from pdfminer.layout import LTChar, LTPage, LTTextBox, LTTextLineHorizontal

# Ligatures (fi, fl, ffi...) come out of many PDF fonts as one code point.
_LIGATURES = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
# Private-use code points are symbol-font glyphs (list bullets, dingbats) with no text.
_LIGATURES.update({c: None for c in range(0xE000, 0xF900)})
_LIGATURES.update({ord(c): " " for c in "•◦▪▫■□●○‣⁃"})
_GUTTER_SLACK = 0.1
"""Share of the column-narrow lines that may cross the gutter (centred headings, names)."""
_COLUMN_WIDTH = 0.55
"""A line wider than this share of the page spans both columns."""
_COLUMN_SHARE = 0.1
"""Each column holds at least this share of the column-narrow lines."""
# Glyphs without a Unicode mapping come out of pdfminer as "(cid:123)".
_UNMAPPED = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class Line:
    """One line of text on a page, coordinates from the page's top-left corner."""

    page: int
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    """Median font size of its characters."""
    bold: bool
    box: int
    """Which text box (page-unique) it came from: lines of one box belong together."""
    column: int
    """0 spans the page, 1 left column, 2 right column."""
    page_height: float
    box_x0: float = 0.0
    box_x1: float = 0.0
    tabular: bool = False
    """Made of pieces set wide apart on one baseline: a table row (or a contents line), never a heading."""


def page_lines(layout: LTPage, page_index: int, first_box: int) -> list[Line]:
    """The lines of one page in reading order; text blocks are numbered from ``first_box``.

    pdfminer cuts a justified line with wide spaces into fragments, so fragments on
    one baseline and in one column are joined again here. A page has two columns when
    a vertical strip near its middle is crossed by (almost) no fragment while text
    lies on both sides of it; fragments that cross it span the page.
    """
    width, height = layout.width, layout.height
    pieces = [line for line in _fragments(layout, page_index, height)]
    gutter = _find_gutter(pieces, width)
    for piece in pieces:
        if gutter is None:
            piece.column = 0
        elif piece.x1 <= gutter:
            piece.column = 1
        elif piece.x0 >= gutter:
            piece.column = 2
        else:
            piece.column = 0
    lines = _join_fragments(pieces)
    return _order_and_group(lines, first_box)


def _fragments(layout: LTPage, page_index: int, height: float) -> list[Line]:
    found = []
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLineHorizontal):
            line = _make_line(item, page_index, height, 0, 0)
            if line is not None:
                found.append(line)
        elif isinstance(item, LTTextBox):
            stack.extend(item)
    return found


def _find_gutter(pieces: list[Line], width: float) -> float | None:
    """The x of an empty vertical strip between two columns of text, if there is one.

    Only lines narrower than a column could be are looked at: a title, an abstract
    or a figure across both columns crosses the gutter without closing it. Both sides
    must hold a good share of those lines, so a one-column page with a few short
    lines (the ends of paragraphs, headings) is not taken for two columns.
    """
    narrow = [p for p in pieces if p.x1 - p.x0 < width * _COLUMN_WIDTH]
    if len(narrow) < 8:
        return None
    best, best_crossing = None, len(narrow)
    for step in range(int(width * 0.35), int(width * 0.65) + 1, 2):
        x = float(step)
        crossing = sum(1 for p in narrow if p.x0 < x < p.x1)
        if crossing < best_crossing:
            best, best_crossing = x, crossing
    if best is None or best_crossing > len(narrow) * _GUTTER_SLACK:
        return None
    left = sum(1 for p in narrow if p.x1 <= best)
    right = sum(1 for p in narrow if p.x0 >= best)
    needed = max(4, len(narrow) * _COLUMN_SHARE)
    return best if left >= needed and right >= needed else None


_TABLE_GAP = 2.5
"""A gap between pieces of one line wider than this many font sizes separates table
columns: justified text spaces its words far less."""


def _join_fragments(pieces: list[Line]) -> list[Line]:
    """Fragments on one baseline in one column become one line, left to right.

    A small raised fragment on the line (a footnote mark set apart) is dropped.
    """
    lines: list[Line] = []
    for column in sorted({p.column for p in pieces}):
        rows: list[list[Line]] = []
        for piece in sorted((p for p in pieces if p.column == column), key=lambda p: p.bottom):
            row = rows[-1] if rows else None
            if row and piece.bottom - row[0].bottom < max(row[0].size, piece.size) * 0.5:
                row.append(piece)
            else:
                rows.append([piece])
        for row in rows:
            main = max(row, key=lambda p: (p.size, len(p.text)))
            kept = sorted((p for p in row if not (p.size < main.size * 0.8 and p.bottom < main.bottom - main.size * 0.15)),
                          key=lambda p: p.x0)
            first = kept[0]
            first.tabular = any(b.x0 - a.x1 > _TABLE_GAP * main.size for a, b in zip(kept, kept[1:]))
            first.text = " ".join(p.text for p in kept)
            first.x1 = max(p.x1 for p in kept)
            first.top = min(p.top for p in kept)
            first.bottom = max(p.bottom for p in kept)
            first.size = main.size
            first.bold = all(p.bold for p in kept)
            lines.append(first)
    return lines


def _order_and_group(lines: list[Line], first_box: int) -> list[Line]:
    """Reading order (bands cut by full-width lines; left column, then right), and
    block numbers: a new block at a change of column or a wide vertical gap."""
    lines.sort(key=lambda line: line.top)
    ordered: list[Line] = []
    band: list[Line] = []
    for line in lines:
        if line.column == 0:
            ordered += sorted(band, key=lambda b: (b.column, b.top))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered += sorted(band, key=lambda b: (b.column, b.top))
    box = first_box
    for index, line in enumerate(ordered):
        if index:
            before = ordered[index - 1]
            if before.column != line.column or line.top - before.bottom > max(line.size, before.size) * 1.2:
                box += 1
        line.box = box
    for column in {line.column for line in ordered}:
        same = [line for line in ordered if line.column == column]
        left, right = min(line.x0 for line in same), max(line.x1 for line in same)
        for line in same:
            line.box_x0, line.box_x1 = left, right
    return ordered


def _make_line(item: LTTextLineHorizontal, page: int, height: float, box: int, column: int) -> Line | None:
    chars = [c for c in item if isinstance(c, LTChar)]
    if not chars:
        return None
    sizes = [c.size for c in chars if c.get_text().strip()]
    if not sizes:
        return None
    size = statistics.median(sizes)
    baseline = statistics.median(c.y0 for c in chars if c.size >= size * 0.9)
    parts = []
    previous = None
    for obj in item:
        if isinstance(obj, LTChar):
            if _is_superscript(obj, size, baseline) or _overprinted(obj, previous):
                continue
            previous = obj
        parts.append(obj.get_text())
    text = _UNMAPPED.sub("", "".join(parts).translate(_LIGATURES).replace("\n", " ")).strip()
    if not text:
        return None
    full = [c for c in chars if c.size >= size * 0.9 and c.get_text().strip()]
    bold = bool(full) and sum(_is_bold(c.fontname) for c in full) > len(full) * 0.8
    return Line(page, text, item.x0, item.x1, height - item.y1, height - item.y0, size, bold, box, column, height)


def _overprinted(char: LTChar, previous: LTChar | None) -> bool:
    """The same glyph drawn again a hair to the right: bold faked by printing twice
    ("DDaattaa SShheeeett" in a datasheet title). A real double letter sits a glyph
    width further on."""
    return (
        previous is not None and char.get_text() == previous.get_text() and char.get_text().strip() != ""
        and abs(char.x0 - previous.x0) < 0.25 * max(char.width, 1.0) and abs(char.y0 - previous.y0) < 0.5
    )


def _is_superscript(char: LTChar, size: float, baseline: float) -> bool:
    """A footnote mark such as the ² in "night.²": small and raised."""
    return char.size < size * 0.8 and char.y0 > baseline + size * 0.2


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()
    return "bold" in name or "black" in name or "heavy" in name or name.startswith("cmbx") or name.endswith("-b")
