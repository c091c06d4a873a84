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
        # Outside poem markup, three or more short lines set as verse still pause (Pandoc
        # writes a Markdown line block into an EPUB as a bare <p> with <br/>s)...
        (_STANZA, [_READ]),
        ("<p>O what can ail thee, knight-at-arms,<br />\n    Alone and palely loitering?<br />\n"
         "The sedge has withered from the lake<br />\n    And no birds sing.</p>",
         ["O what can ail thee, knight-at-arms, Alone and palely loitering? "
          "The sedge has withered from the lake, And no birds sing."]),
        # ... but prose broken mid-sentence, or two lines only (a title and its subtitle), is
        # read on: a line break is a space.
        ("<p>He wrote to them at once<br/>and waited for the answer<br/>until the evening came.</p>",
         ["He wrote to them at once and waited for the answer until the evening came."]),
        ("<p>The sedge has withered from the lake<br/>And no birds sing.</p>",
         ["The sedge has withered from the lake And no birds sing."]),
        # A title page's lines are cut for the layout when one ends in "of", "to", "or"...
        ("<p>THE LIFE AND OPINIONS OF<br/>TRISTRAM SHANDY,<br/>GENTLEMAN.</p>",
         ["THE LIFE AND OPINIONS OF TRISTRAM SHANDY, GENTLEMAN."]),
        ("<p>To<br/>William Godwin<br/>This volume is inscribed.</p>", ["To William Godwin This volume is inscribed."]),
        # ... and a publisher's imprint or a list of names, one a line, pauses between them.
        ("<p>Fred Leise<br/>Kate Mertes<br/>Nan Badgett</p>", ["Fred Leise, Kate Mertes, Nan Badgett"]),
        ('<p>Line one<br/>line two.</p><p>Stanza one<br/><br/>Stanza two.</p>',
         ["Line one line two.", "Stanza one", "Stanza two."]),
    ],
    ids=["se-poem", "se-verse", "se-song", "verse-class", "gutenberg-stanzas", "quoted", "dash-quote",
         "double-break", "bare-p-stanza", "pandoc-epub-line-block", "prose-three-lines", "two-lines", "title-page", "dedication",
         "names", "prose"],
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


_LINES = "<div>April is the cruellest month, breeding</div><div>Lilacs out of the dead land, mixing</div>" \
         "<div>Memory and desire, stirring</div><div>Dull roots with spring rain.</div>"
_APRIL = "April is the cruellest month, breeding, Lilacs out of the dead land, mixing, Memory and desire, " \
         "stirring, Dull roots with spring rain."


@pytest.mark.parametrize(
    "body, expected",
    [
        # The IDPF Waste Land: a div per line in a div.linegroup per stanza.
        (f'<div class="linegroup">{_LINES}</div><div class="linegroup"><div>What are the roots that clutch</div>'
         "<div>Out of this stony rubbish?</div></div>",
         [_APRIL, "What are the roots that clutch, Out of this stony rubbish?"]),
        # A stanza quoted inside a stanza is a stanza of its own; the lines around it go on.
        ('<div class="linegroup"><div>I will show you fear</div><div>In a handful of dust.</div>'
         '<blockquote><div><div>Frisch weht der Wind</div><div>Der Heimat zu</div></div></blockquote>'
         "<div>You gave me hyacinths</div></div>",
         ["I will show you fear, In a handful of dust.", "Frisch weht der Wind, Der Heimat zu",
          "You gave me hyacinths"]),
        # Its line numbers are not read ("Hofgarten, ten").
        ('<div class="linegroup"><div>And went on in sunlight, into the Hofgarten,<span class="lnum">10</span></div>'
         "<div>And drank coffee, and talked for an hour.</div></div>",
         ["And went on in sunlight, into the Hofgarten, And drank coffee, and talked for an hour."]),
        # A <p> per line, <span class="line"> lines, TEI-like classes, Pandoc's line block.
        ('<div class="stanza"><p>Line one</p><p class="i2">line two</p><p>line three</p></div>',
         ["Line one, line two, line three"]),
        ('<div class="poem"><span class="line">Farewell, farewell, thou warrior brave</span>'
         '<span class="line">For this day thou must die!</span></div>',
         ["Farewell, farewell, thou warrior brave, For this day thou must die!"]),
        ('<div class="line-block">The limerick packs laughs anatomical<br/>Into space that is quite economical</div>',
         ["The limerick packs laughs anatomical, Into space that is quite economical"]),
        # A poem's title is not a line; Standard Ebooks' stanzas (a <p> of lines and <br/>s)
        # stay paragraphs, a one-line stanza among them too.
        (f'<div class="poem"><h3>The Burial of the Dead</h3>{_LINES}</div>', ["The Burial of the Dead", _APRIL]),
        ('<article epub:type="z3998:poem"><p><span>One</span><br/><span>two</span></p><p><span>Alone</span></p>'
         "<p><span>Three</span><br/><span>four</span></p></article>",
         ["One, two", "Alone", "Three, four"]),
        # A poem's prose preface (Endymion's, inside its z3998:poem article) keeps its paragraphs.
        ('<article epub:type="z3998:poem"><section epub:type="preface"><p>Knowing within myself the manner in '
         "which this Poem has been produced, it is not without a feeling of regret that I make it public.</p>"
         "<p>What manner I mean, will be quite clear to the reader, who must soon perceive great inexperience.</p>"
         "</section></article>",
         ["Knowing within myself the manner in which this Poem has been produced, it is not without a feeling "
          "of regret that I make it public.",
          "What manner I mean, will be quite clear to the reader, who must soon perceive great inexperience."]),
        # Prose set one block per line is still a paragraph each.
        (_LINES, ["April is the cruellest month, breeding", "Lilacs out of the dead land, mixing",
                  "Memory and desire, stirring", "Dull roots with spring rain."]),
    ],
    ids=["waste-land", "quoted-stanza", "line-numbers", "p-per-line", "span-line", "pandoc-line-block", "titled-poem",
         "se-stanzas", "prose-preface", "prose-blocks"],
)
def test_a_stanza_set_one_block_per_line_is_one_paragraph(body, expected):
    assert _paragraphs(body) == expected


@pytest.mark.parametrize(
    "markup, expected",
    [
        (f'<div class="linegroup">{_LINES}</div>', _APRIL),
        ('<div class="poem"><p class="line">Farewell, farewell, thou warrior brave</p>'
         '<p class="line">For this day thou must die!</p></div>',
         "Farewell, farewell, thou warrior brave, For this day thou must die!"),
    ],
    ids=["div-per-line", "p-class-line"],
)
def test_a_web_page_stanza_set_one_block_per_line_is_one_paragraph(markup, expected):
    doc = html_to_document(_PAGE.format(markup).encode(), "odes", IngestOptions())
    paragraphs = [p for chapter in doc.chapters for p in chapter.paragraphs]
    assert expected in paragraphs
    assert "More text here about another poem entirely, and its café." in paragraphs


_PRE = """<pre>
  When I read the book, the biography famous,
  And is this then (said I) what the author calls a man's life?
  Why even I myself I often think know little or nothing of my real life,
  Only a few hints, a few diffused faint clews and indirections
  I seek for my own use to trace out here.

  We dwell a while in every city and town,
  We pass through Kanada, the North-east, the vast valley of the
      Mississippi, and the Southern States,
</pre>"""
_PRE_READ = [
    "When I read the book, the biography famous, And is this then (said I) what the author calls a man's life? "
    "Why even I myself I often think know little or nothing of my real life, Only a few hints, a few diffused faint clews and indirections, I seek for my own use to trace out here.",
    "We dwell a while in every city and town, We pass through Kanada, the North-east, the vast valley of the "
    "Mississippi, and the Southern States,",
]
_CODE = "<pre>def read(book):\n    return {line: len(line) for line in book}\n</pre>"


@pytest.mark.parametrize(
    "body, expected",
    [
        # Project Gutenberg's older HTML (Leaves of Grass) sets its verse in <pre>.
        (_PRE, _PRE_READ),
        # A program listing is not verse: read as it was, one paragraph.
        (_CODE, ["def read(book): return {line: len(line) for line in book}"]),
    ],
    ids=["gutenberg-pre", "code"],
)
def test_verse_set_as_preformatted_text_is_read_by_stanza(body, expected):
    assert _paragraphs(body) == expected


def test_a_web_page_poem_in_pre_is_read_by_stanza():
    doc = html_to_document(_PAGE.format(_PRE).encode(), "odes", IngestOptions())
    paragraphs = [p for chapter in doc.chapters for p in chapter.paragraphs]
    assert all(stanza in paragraphs for stanza in _PRE_READ)
