"""Verse in plain text and Markdown: each line of a stanza ends with a pause; prose
wrapped at a fixed width, or one sentence per Markdown source line, is joined as before."""

from __future__ import annotations

import textwrap

import pytest

from litetts_cli.ingest.markdown import markdown_to_document
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.text import text_to_document
from litetts_cli.ingest.verse_lines import wrap_width

_PROSE = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of "
    "foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, "
    "it was the season of Darkness, it was the spring of hope, it was the winter of despair."
)
_WRAPPED = textwrap.fill(_PROSE, 70)
"""Project Gutenberg's prose: wrapped at 70 columns, which sets the text's wrap width."""


def _read(block: str) -> list[str]:
    doc = text_to_document(f"{_WRAPPED}\n\n{block}\n\n{_WRAPPED}\n", "poems", IngestOptions())
    paragraphs = [p for chapter in doc.chapters for p in chapter.paragraphs]
    assert paragraphs[0] == paragraphs[-1] == _PROSE  # the wrapped prose around it is never verse
    return paragraphs[1:-1]


@pytest.mark.parametrize(
    "block, expected",
    [
        # Keats, as Gutenberg sets a ballad: indented, alternate lines deeper, a capital each.
        ("  O what can ail thee, knight-at-arms,\n    Alone and palely loitering?\n"
         "  The sedge has withered from the lake\n    And no birds sing.",
         "O what can ail thee, knight-at-arms, Alone and palely loitering? "
         "The sedge has withered from the lake, And no birds sing."),
        # Stanzas are blocks: each keeps its own last line's ending (a paragraph pause).
        ("Tyger Tyger, burning bright,\nIn the forests of the night\n\nWhat immortal hand or eye\nCould frame thy fearful symmetry",
         "Tyger Tyger, burning bright, In the forests of the night"),
        # Whitman: a line too long for the page is turned over under a hanging indent and
        # read on without a pause; the next line is a line again.
        ("  We dwell a while in every city and town,\n"
         "  We pass through Kanada, the North-east, the vast valley of the\n"
         "      Mississippi, and the Southern States,\n"
         "  Only a few hints, a few diffused faint clews and indirections\n"
         "  I seek for my own use to trace out here.",
         "We dwell a while in every city and town, We pass through Kanada, the North-east, the vast valley "
         "of the Mississippi, and the Southern States, Only a few hints, a few diffused faint clews and "
         "indirections, I seek for my own use to trace out here."),
        # A line's own emphasis marks do not hide its comma (Jack Sheppard's songs).
        ("    Where the robber may cheer\n        _His spirit with beer,_\n    And drown in the bowl",
         "Where the robber may cheer, His spirit with beer, And drown in the bowl"),
        # A title page or an address: short lines set by hand pause the same way.
        ("LONGMANS, GREEN, AND CO.\n39 PATERNOSTER ROW, LONDON\nNEW YORK, BOMBAY, AND CALCUTTA\n1908",
         "LONGMANS, GREEN, AND CO. 39 PATERNOSTER ROW, LONDON, NEW YORK, BOMBAY, AND CALCUTTA, 1908"),
        # Prose: a word that would just have fitted (70 columns here) is still a wrap, as
        # wrappers do not always fill the last column (Jack Sheppard's 'interposed' / 'Winifred.').
        ('"Do not steel your heart against him, dear Thames," murmured\nWinifred.',
         '"Do not steel your heart against him, dear Thames," murmured Winifred.'),
        # Prose in short lines starting mid-sentence (a narrow column, a quoted letter).
        ("I write to you in haste, for the\ncoach leaves at noon and the\nroads are bad",
         "I write to you in haste, for the coach leaves at noon and the roads are bad"),
        # A letter wrapped narrower than the book, its lines starting with capitals: it fills
        # its own width line after line, as a stanza does not.
        ("    Messrs. Hardcastle, Pinchbeck and Company\n    Of Cheapside Beg To Inform Their Patrons\n"
         "    That The Warehouse In Wood Street Is Now\n    Open Daily From Nine Until Six O'Clock",
         "Messrs. Hardcastle, Pinchbeck and Company Of Cheapside Beg To Inform Their Patrons That The "
         "Warehouse In Wood Street Is Now Open Daily From Nine Until Six O'Clock"),
    ],
    ids=["ballad", "stanza", "whitman-turnover", "emphasis", "title-page", "near-miss-prose",
         "lower-case-prose", "narrow-prose"],
)
def test_plain_text_verse_lines_end_with_a_pause(block, expected):
    assert _read(block)[0] == expected


@pytest.mark.parametrize(
    "lines, expected",
    [
        ([_WRAPPED], 70),
        (["Short", "lines", "", "only"], 60),  # never below the narrowest page
        (["one line per paragraph", "", "and another"], 60),
    ],
)
def test_wrap_width_is_how_far_continued_lines_run(lines, expected):
    width = wrap_width("\n".join(lines).splitlines())
    assert width == expected if expected == 60 else expected - 2 <= width <= expected


@pytest.mark.parametrize(
    "markdown, expected",
    [
        # A poem written line by line, with no trailing spaces.
        ("O what can ail thee, knight-at-arms,\nAlone and palely loitering?\n"
         "The sedge has withered from the lake\nAnd no birds sing.",
         "O what can ail thee, knight-at-arms, Alone and palely loitering? "
         "The sedge has withered from the lake, And no birds sing."),
        # Hard breaks (two spaces, a backslash, <br>) at every line end, however long the lines.
        ("I celebrate myself, and sing myself, and what I assume you shall assume  \n"
         "for every atom belonging to me as good belongs to you\\\nI loafe and invite my soul<br>\nat ease",
         "I celebrate myself, and sing myself, and what I assume you shall assume, "
         "for every atom belonging to me as good belongs to you, I loafe and invite my soul, at ease"),
        # One sentence or clause per source line is Markdown prose (the art-of-command-line README).
        ("This work is the result of [many authors and translators](AUTHORS.md).\nSome of this\n"
         "[originally](http://www.quora.com/What-are-some-lesser-known-but-useful-Unix-commands)\n"
         "[appeared](http://www.quora.com/What-are-the-most-useful-Swiss-army-knife-one-liners-on-Unix)\n"
         "on [Quora](http://www.quora.com/What-are-some-time-saving-tips), but it has since moved to GitHub.",
         "This work is the result of many authors and translators. Some of this originally appeared on Quora, "
         "but it has since moved to GitHub."),
        (_WRAPPED, _PROSE),
        ("Short line\nwrapped prose line here.", "Short line wrapped prose line here."),
        ("> A quoted line\n> continues.", "A quoted line continues."),
        # Pandoc's line block: the bars are not read, each line pauses.
        ("| O what can ail thee, knight-at-arms,\n|     Alone and palely loitering?\n"
         "| The sedge has withered from the lake\n|     And no birds sing.",
         "O what can ail thee, knight-at-arms, Alone and palely loitering? "
         "The sedge has withered from the lake, And no birds sing."),
        ("| 200 Main Street", "200 Main Street"),
        # Rows of a table written without its delimiter row are no line block (each row still pauses).
        ("| Name | Age |\n| Ann | 12 |", "| Name | Age |, | Ann | 12 |"),
        ("> Whose woods these are I think I know\n> His house is in the village though",
         "Whose woods these are I think I know, His house is in the village though"),
    ],
    ids=["soft-breaks", "hard-breaks", "sentence-per-line", "wrapped", "lower-case", "quoted-prose", "line-block",
         "line-block-one-line", "table-without-delimiter", "quoted-verse"],
)
def test_markdown_verse_lines_end_with_a_pause(markdown, expected):
    doc = markdown_to_document(markdown + "\n", "poems", IngestOptions())
    assert [p for chapter in doc.chapters for p in chapter.paragraphs] == [expected]

