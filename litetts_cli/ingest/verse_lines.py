"""Verse in plain text, Markdown and preformatted HTML: lines that end where the poet
ended them.

A text file's paragraph is either prose wrapped at a fixed width (Project Gutenberg's
~70 columns), whose line breaks mean nothing, or lines set by hand (a stanza, a song,
an address), where a listener expects a short pause at each line end. They are told
apart by three things a wrapped paragraph cannot fake:

- the next line's first word would have fitted on the line before it (a wrapper would
  have put it there): the break was made by hand; or a line too long for the page is
  turned over under a hanging indent, which only hand-set lines are;
- the lines start with a capital, as verse does, where a wrapper's lines mostly start
  in the middle of a sentence, in lower case;
- the lines do not all fill one narrower width (a letter quoted indented and wrapped
  at 60 columns is still wrapped prose).

A line indented deeper than the block, under a line too full to take its first word, is
the rest of a long line the printer turned over (Whitman's "...the vast valley of the"
over "Mississippi"), so it joins its line without a pause.
"""

from __future__ import annotations

from collections.abc import Iterable

from litetts_cli.ingest.textutil import ensure_line_end

SHORTEST_WRAP = 60
"""A text whose hand-broken lines are all short still has room for a word more: the
wrap width is never taken below this many columns."""
_WIDTH_QUANTILE = 0.9
"""The wrap width is the length this share of the lines that carry on to another line keeps within."""
_MARGIN = 2
"""A word fits before the wrap width with this many columns to spare: a wrapper does not
always fill its lines to the last column (Jack Sheppard's '... interposed' over
'Winifred.' would have fitted exactly)."""
_HARD_SHARE = 2 / 3
"""Verse: at least this share of its line breaks come before a word that would have fitted."""
_LOWER_SHARE = 1 / 3
"""Verse: at most this share of its lines after the first start in lower case."""
_NARROW_LINES = 4
"""Prose wrapped narrower than the text is told by this many lines all full (three lines
of a stanza can happen to fill their longest by chance)."""
_TURNOVER_INDENT = 2
"""A turned-over line is indented at least this much deeper than the block's lines."""


def _columns(line: str) -> int:
    return len(line.expandtabs().rstrip())


def _indent(line: str) -> int:
    expanded = line.expandtabs()
    return len(expanded) - len(expanded.lstrip())


def wrap_width(lines: Iterable[str]) -> int:
    """The width the text's prose is wrapped at: how long its lines run when another
    line of the same paragraph follows them (a paragraph's last line says nothing)."""
    lengths: list[int] = []
    previous = ""
    for line in lines:
        if line.strip() and previous.strip():
            lengths.append(_columns(previous))
        previous = line
    if not lengths:
        return SHORTEST_WRAP
    lengths.sort()
    return max(SHORTEST_WRAP, lengths[min(len(lengths) - 1, int(len(lengths) * _WIDTH_QUANTILE))])


def _first_word(line: str) -> str:
    return line.split(maxsplit=1)[0] if line.strip() else ""


def _starts_lower(line: str) -> bool:
    first = line.lstrip()[:1]
    return first.isalpha() and first.islower()


def _fits_after(line: str, after: str, width: int) -> bool:
    """The first word of ``after`` would have fitted at the end of ``line``."""
    return _columns(line) + 1 + len(_first_word(after)) <= width - _MARGIN


def _turned_over(lines: list[str], width: int) -> list[list[str]]:
    """The block's lines of verse, each with the lines the printer turned over under it:
    indented deeper than the block, under a line too full to hold their first word (a
    stanza's indented even lines are short lines of their own)."""
    base = min(_indent(line) for line in lines)
    verse: list[list[str]] = []
    for line in lines:
        if verse and _indent(line) >= base + _TURNOVER_INDENT and not _fits_after(verse[-1][-1], line, width):
            verse[-1].append(line)
        else:
            verse.append([line])
    return verse


def _fills_own_width(lines: list[str]) -> bool:
    """Every line but the last is as full as the block's longest allows: prose wrapped
    narrower than the rest of the text (an indented letter)."""
    width = max(_columns(line) for line in lines)
    return all(
        _columns(line) + 1 + len(_first_word(after)) > width for line, after in zip(lines, lines[1:])
    )


def verse_lines(lines: list[str], width: int) -> list[str] | None:
    """The lines of verse in a block of text lines (turned-over parts joined to their
    line), or None when the block is wrapped prose.

    Args:
        lines: the block's lines as written, indentation kept.
        width: the text's wrap width (:func:`wrap_width`).
    """
    lines = [line for line in lines if line.strip()]
    if len(lines) < 2:
        return None
    grouped = _turned_over(lines, width)
    if len(grouped) < 2:
        return None
    heads = [group[0] for group in grouped]
    ends = [group[-1] for group in grouped]
    hard = sum(1 for end, after in zip(ends, heads[1:]) if _fits_after(end, after, width))
    turned = any(len(group) > 1 for group in grouped)
    if hard < _HARD_SHARE * (len(grouped) - 1) and not turned:
        return None  # a line turned over under a hanging indent is set by hand, however long
    if sum(1 for head in heads[1:] if _starts_lower(head)) > _LOWER_SHARE * (len(heads) - 1):
        return None
    if not turned and len(lines) >= _NARROW_LINES and _fills_own_width(lines):
        return None
    return [" ".join(part.strip() for part in group) for group in grouped]


def join_verse(lines: list[str]) -> str:
    """Lines of verse as one paragraph: each line but the last ends with a pause (a
    comma when it has no punctuation of its own); the last keeps its own ending."""
    return " ".join([ensure_line_end(line) for line in lines[:-1]] + lines[-1:])


_PROSE_MARKS = frozenset(".,;:!?'\"’‘“”-–—()")
_PROSE_SHARE = 0.97
"""Preformatted text is verse only when this share of its characters are letters, digits,
spaces and prose punctuation: a program listing has braces, operators and underscores."""


def preformatted_verse(text: str) -> list[str] | None:
    """The stanzas of verse set as preformatted text (Project Gutenberg's older HTML sets
    Leaves of Grass in <pre>), each a paragraph whose lines end with a pause; None when
    the text is not verse (a program listing, a table drawn in characters)."""
    lines = text.expandtabs().splitlines()
    chars = [c for c in text if not c.isspace()]
    if not chars or sum(1 for c in chars if c.isalnum() or c in _PROSE_MARKS) < _PROSE_SHARE * len(chars):
        return None
    width = wrap_width(lines)
    stanzas: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            stanzas[-1].append(line)
        elif stanzas[-1]:
            stanzas.append([])
    stanzas = [s for s in stanzas if s]
    verses = [verse_lines(s, width) for s in stanzas]
    if not any(v is not None for v in verses):
        return None
    return [join_verse(v) if v is not None else " ".join(line.strip() for line in s) for s, v in zip(stanzas, verses)]


LINE_BREAK = "\ue001"
"""Where a <br/> broke a paragraph outside any poem markup, until :func:`hand_set_lines`
decides what it was (a private-use character: no book's text is made of it)."""
_HAND_SET_LINES = 3
_LAYOUT_ENDS = frozenset("a an the of to and or nor but in on at by for with from as".split())
"""A line ending in one of these was cut for the page's layout ("THE LIFE AND OPINIONS OF"
over "TRISTRAM SHANDY" on a title page, a dedication's "To"), not set as a line of verse."""


def hand_set_lines(text: str) -> str:
    """A paragraph's text with its <br/> marks settled: three or more lines that a narrow
    page would hold, set as verse is (Pandoc writes a Markdown line block into an EPUB as
    a bare <p> with a <br/> after each line; an address) each end with a pause; any other
    line break is a space, as in "He wrote at once<br/>and waited"."""
    if LINE_BREAK not in text:
        return text
    lines = [line.strip() for line in text.split(LINE_BREAK) if line.strip()]
    if len(lines) >= _HAND_SET_LINES and all(len(line) <= SHORTEST_WRAP for line in lines) and not any(
        line.split()[-1].lower() in _LAYOUT_ENDS for line in lines[:-1]
    ) and verse_lines(lines, SHORTEST_WRAP) is not None:
        return " ".join(join_verse(lines).split())
    return " ".join(" ".join(lines).split())
