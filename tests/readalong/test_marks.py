"""Sentences of a page get an element with an id; the text and the page's own markup stay."""

from __future__ import annotations

import pytest
from lxml import etree

from litetts_cli.readalong.marks import mark_sentences

HEAD = '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body>'


def page(body: str):
    return etree.fromstring((HEAD + body + "</body></html>").encode())


def body_of(root) -> str:
    text = etree.tostring(root.find("{http://www.w3.org/1999/xhtml}body"), encoding="unicode")
    return text.replace(' xmlns="http://www.w3.org/1999/xhtml"', "")[len("<body>"):-len("</body>")]


@pytest.mark.parametrize(
    "body, marked, sentences",
    [
        # One sentence: the block itself gets the id (or keeps its own).
        ("<p>One sentence.</p>", '<p id="ra-s1">One sentence.</p>', ["One sentence."]),
        ('<p id="own">Kept id.</p>', '<p id="own">Kept id.</p>', ["Kept id."]),
        # Several: spans, with the space between sentences outside them.
        ("<p>First one. Second one!</p>",
         '<p><span id="ra-s1">First one.</span> <span id="ra-s2">Second one!</span></p>',
         ["First one.", "Second one!"]),
        # An inline child stays whole, in the sentence it is in.
        ("<p>She is <em>the</em> woman. I know.</p>",
         '<p><span id="ra-s1">She is <em>the</em> woman.</span> <span id="ra-s2">I know.</span></p>',
         ["She is the woman.", "I know."]),
        # A sentence start inside an inline child is not cut: the child is not split.
        ("<p>Go <em>now. Run</em> home. Yes.</p>",
         '<p><span id="ra-s1">Go <em>now. Run</em> home.</span> <span id="ra-s2">Yes.</span></p>',
         ["Go now. Run home.", "Yes."]),
        # A sentence that is only an inline child.
        ("<p><em>Stop.</em> Then go.</p>",
         '<p><span id="ra-s1"><em>Stop.</em></span> <span id="ra-s2">Then go.</span></p>',
         ["Stop.", "Then go."]),
        # Curly quotes close a sentence; source line breaks are spaces, not sentence ends.
        ("<p>“Seven!” I\n answered.</p>",
         '<p><span id="ra-s1">“Seven!”</span> <span id="ra-s2">I\n answered.</span></p>',
         ["“Seven!”", "I answered."]),
        # Blocks inside blocks: only the innermost text blocks are marked.
        ("<blockquote><p>Quoted.</p></blockquote><h2>Title</h2>",
         '<blockquote><p id="ra-s1">Quoted.</p></blockquote><h2 id="ra-s2">Title</h2>', ["Quoted.", "Title"]),
        # A generated id never takes one the page already has.
        ('<p id="ra-s1">A. B.</p>',
         '<p id="ra-s1"><span id="ra-s2">A.</span> <span id="ra-s3">B.</span></p>', ["A.", "B."]),
        # A title's period is no sentence end (the normalizer reads "Mister Holmes").
        ("<p>Mr. Holmes came. Dr. Watson left.</p>",
         '<p><span id="ra-s1">Mr. Holmes came.</span> <span id="ra-s2">Dr. Watson left.</span></p>',
         ["Mr. Holmes came.", "Dr. Watson left."]),
        # No words, no mark.
        ("<p>* * *</p><p>  </p>", "<p>* * *</p><p>  </p>", []),
    ],
)
def test_sentences_are_marked(body, marked, sentences):
    root = page(body)
    before = "".join(root.itertext())
    marks = mark_sentences(root)
    assert body_of(root) == marked
    assert [m.text for m in marks] == sentences
    assert "".join(root.itertext()) == before  # the text content is untouched
    assert len({m.id for m in marks}) == len(marks)
