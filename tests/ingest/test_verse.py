"""Lines of verse set with <br/> end with a pause; prose line breaks stay spaces."""

from __future__ import annotations

import pytest

from litetts_cli.ingest.html import html_to_document
from litetts_cli.ingest.options import IngestOptions
from litetts_cli.ingest.textutil import ensure_line_end
from litetts_cli.ingest.markup import parse_markup
from litetts_cli.ingest.xhtml import extract_sections

_SE = '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>{}</body></html>'


def _paragraphs(body: str) -> list[str]:
    root, _ = parse_markup(_SE.format(body).encode(), "page.xhtml")
    return [p for section in extract_sections(root) for p in section.paragraphs]


_STANZA = """<p>
  <span>Ah, what can ail thee, wretched wight,</span>
  <br/>
  <span class="i1">Alone and palely loitering?</span>
  <br/>
  <span>The sedge is wither’d from the lake</span>
  <br/>
  <span class="i1">And no birds sing.</span>
</p>"""
_READ = "Ah, what can ail thee, wretched wight, Alone and palely loitering? The sedge is wither’d from the lake, And no birds sing."
_PROSE = "Ah, what can ail thee, wretched wight, Alone and palely loitering? The sedge is wither’d from the lake And no birds sing."


@pytest.mark.parametrize(
    "body, expected",
    [
        # Standard Ebooks: a poem, verse quoted in prose, a song; each <p> a stanza.
        (f'<article epub:type="z3998:poem">{_STANZA}</article>', [_READ]),
        (f'<blockquote epub:type="z3998:verse">{_STANZA}</blockquote>', [_READ]),
        (f'<section epub:type="z3998:song"><div>{_STANZA}</div></section>', [_READ]),
        (f'<blockquote class="verse">{_STANZA}</blockquote>', [_READ]),
        # Project Gutenberg: each line's <br/> inside its span, stanzas as divs.
        ('<div class="poem"><div class="stanza"><span class="i0">Line one<br/></span>'
         '<span class="i2">line two<br/></span></div>'
         '<div class="stanza"><span class="i0">Line three<br/></span><span>line four.<br/></span></div></div>',
         ["Line one, line two", "Line three, line four."]),
        # Lines already punctuated keep their mark; a closing quote or a dash is kept too.
        ('<blockquote epub:type="z3998:verse"><p><span>“We thought her dying whilst she slept</span><br/>'
         '<span>And sleeping when she died.”</span></p></blockquote>',
         ["“We thought her dying whilst she slept, And sleeping when she died.”"]),
        ('<div class="poem"><p>He ceased—she panted quick—<br/>“Come away”<br/>and so</p></div>',
         ["He ceased—she panted quick— “Come away”, and so"]),
        # Two breaks still end a stanza; the stanza's last line keeps its own ending.
        ('<div class="stanza"><p>One<br/>two<br/><br/>three<br/>four</p></div>', ["One, two", "three, four"]),
        # Prose: a line break is a space, as before.
        (_STANZA, [_PROSE]),
        ('<p>Line one<br/>line two.</p><p>Stanza one<br/><br/>Stanza two.</p>',
         ["Line one line two.", "Stanza one", "Stanza two."]),
    ],
    ids=["se-poem", "se-verse", "se-song", "verse-class", "gutenberg-stanzas", "quoted", "dash-quote",
         "double-break", "prose-spans", "prose"],
)
def test_verse_lines_end_with_a_pause(body, expected):
    assert _paragraphs(body) == expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("The sedge is wither’d from the lake", "The sedge is wither’d from the lake,"),
        ("Alone and palely loitering?", "Alone and palely loitering?"),
        ("wretched wight,", "wretched wight,"),
        ("touching the melody;—", "touching the melody;—"),
        ("“Come away”", "“Come away”,"),
        ("“Come away!”  ", "“Come away!”  "),
        ("said [Merci](/mɛʁsi/)", "said [Merci](/mɛʁsi/),"),
        ("", ""),
    ],
)
def test_a_verse_line_without_punctuation_gets_a_comma(line, expected):
    assert ensure_line_end(line) == expected


_PAGE = ('<html><head><meta charset="utf-8"><title>Odes</title></head><body><h1>Odes</h1><h2>To Autumn</h2>'
         "<p>Keats wrote this ode in the autumn of 1819, after a walk near Winchester; it is among his last.</p>"
         "{}<h2>Afterwards</h2><p>More text here about another poem entirely, and its café.</p></body></html>")


@pytest.mark.parametrize(
    "markup, expected",
    [
        # Project Gutenberg's poem markup in a saved web page.
        ('<div class="poem"><div class="stanza"><span class="i0">Season of mists and mellow fruitfulness<br/></span>'
         '<span class="i2">Close bosom-friend of the maturing sun<br/></span></div></div>',
         "Season of mists and mellow fruitfulness, Close bosom-friend of the maturing sun"),
        ('<blockquote class="verse"><p>Conspiring with him how to load and bless<br/>'
         "With fruit the vines that round the thatch-eves run;<br/>To bend with apples</p></blockquote>",
         "Conspiring with him how to load and bless, With fruit the vines that round the thatch-eves run; "
         "To bend with apples"),
        # Prose: a line break is a space between words, never glued ("onetwo").
        ("<p>He wrote to them at once<br>and waited for the answer.</p>",
         "He wrote to them at once and waited for the answer."),
    ],
    ids=["gutenberg-poem", "verse-class", "prose"],
)
def test_a_web_page_poem_is_read_line_by_line(markup, expected):
    doc = html_to_document(_PAGE.format(markup).encode(), "odes", IngestOptions())
    paragraphs = [p for chapter in doc.chapters for p in chapter.paragraphs]
    assert expected in paragraphs
    assert "More text here about another poem entirely, and its café." in paragraphs
