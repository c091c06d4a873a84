"""A distributor's header and licence (Project Gutenberg's) are not read, in every format.

The fixtures are written here after the layout of real files: Project Gutenberg's
plain text and HTML of News from Nowhere (eBook 3261, as GITenberg keeps it: a header
with Title:/Author: lines, ``***START OF THE PROJECT GUTENBERG EBOOK ...***``, the book,
``***END OF ...***``, then some 3,000 words of licence).
The licence wording below is a stand-in; only the marker lines are Gutenberg's format.
"""

from __future__ import annotations

import pytest
from ebooklib import epub

from litetts_cli.ingest import IngestOptions, load_document, load_text
from litetts_cli.ingest.boilerplate import BOILERPLATE
from tests.ingest.ingest_books import BookSpec, Page, write_book

LICENCE = "\n\n".join([
    "THE FULL LICENCE",
    "By using this work you agree to the terms below, which are long and legal.",
    "Section 1. Terms of use and redistribution of electronic works in this collection.",
] * 4)

PLAIN_TEXT = f"""The eBook of The Quiet Harbour, by Jo Writer

This eBook is for the use of anyone anywhere, under the licence at its end.


Title: The Quiet Harbour
       or A Summer by the Sea

Author: Jo Writer

Release Date: May 8, 2007  [eBook #99999]

Language: English


***START OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR***


Produced by A. Volunteer and the Online Proofreading Team


CHAPTER I: THE BOAT

The boat came in at dawn, and the harbour woke to meet it.

CHAPTER II: THE NET

Nets were mended on the wall until the light went.

End of the Project Gutenberg EBook of The Quiet Harbour, by Jo Writer

***END OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR***

{LICENCE}
"""


def everything_read(doc) -> str:
    return " ".join(p for c in doc.chapters for p in c.paragraphs) + " " + " ".join(c.title for c in doc.chapters)


def boilerplate_words(doc) -> int:
    return (sum(c.skipped_words.get(BOILERPLATE, 0) for c in doc.chapters)
            + sum(s.words for s in doc.skipped if s.reason == BOILERPLATE))


def test_a_plain_text_reads_the_book_only_and_is_named_by_its_header(tmp_path):
    path = tmp_path / "99999.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    doc = load_document(path)
    assert [c.title for c in doc.chapters] == ["CHAPTER I: THE BOAT", "CHAPTER II: THE NET"]
    text = everything_read(doc)
    for heard_before in ("Gutenberg", "licence", "Release Date", "Produced by", "anyone anywhere", "LICENCE"):
        assert heard_before not in text
    assert "The boat came in at dawn" in text and "until the light went." in text
    assert doc.title == "The Quiet Harbour or A Summer by the Sea"  # was the file name, "99999"
    assert doc.author == "Jo Writer"
    assert boilerplate_words(doc) > 100


def test_the_flag_that_reads_copyright_pages_reads_the_licence_too(tmp_path):
    path = tmp_path / "99999.txt"
    path.write_text(PLAIN_TEXT, encoding="utf-8")
    doc = load_document(path, IngestOptions(include_front_matter=True))
    assert "FULL LICENCE" in everything_read(doc)
    assert doc.author == "Jo Writer"


def test_text_given_on_stdin_is_cut_the_same_way():
    doc = load_text(PLAIN_TEXT, "stdin")
    assert "Gutenberg" not in everything_read(doc)
    assert doc.chapters[0].title == "CHAPTER I: THE BOAT"


HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>The Quiet Harbour</title></head>
<body>
<h2><a href="#start">The Quiet Harbour, by Jo Writer</a></h2>
<pre>
The eBook of The Quiet Harbour, by Jo Writer

Title: The Quiet Harbour

Author: Jo Writer

Release Date: May 8, 2007  [eBook #99999]

***START OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR***
</pre>
<h2>CHAPTER I</h2>
<p>The boat came in at dawn, and the harbour woke to meet it.</p>
<h2>CHAPTER II</h2>
<p>Nets were mended on the wall until the light went.</p>
<p>***END OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR***</p>
<pre>
{LICENCE}
</pre>
</body></html>
"""


def test_a_web_page_reads_the_book_only_and_takes_the_author_from_the_header(tmp_path):
    path = tmp_path / "99999-h.htm"
    path.write_text(HTML, encoding="utf-8")
    doc = load_document(path)
    text = everything_read(doc)
    assert "Gutenberg" not in text and "LICENCE" not in text and "Release Date" not in text
    assert "The boat came in at dawn" in text and "until the light went." in text
    assert [c.title for c in doc.chapters] == ["CHAPTER I", "CHAPTER II"]
    assert doc.title == "The Quiet Harbour" and doc.author == "Jo Writer"


def test_an_epub_drops_the_header_page_the_end_marker_and_the_licence_page(tmp_path):
    header = ('<section id="pg-header"><p>The eBook of The Quiet Harbour</p><p>Title: The Quiet Harbour</p>'
              '<p>Author: Jo Writer</p><div id="pg-start-separator">'
              '<span>*** START OF THE PROJECT GUTENBERG EBOOK THE QUIET HARBOUR ***</span></div></section>'
              '<h1>The Quiet Harbour</h1><p>A novel of the sea, in two chapters.</p>')
    pages = [
        Page("start.xhtml", header),
        Page("c1.xhtml", "<h2>The Boat</h2><p>The boat came in at dawn, and the harbour woke to meet it.</p>"),
        Page("c2.xhtml", "<h2>The Net</h2><p>Nets were mended on the wall until the light went.</p>"
                         "<div id='pg-end-separator'><span>*** END OF THE PROJECT GUTENBERG EBOOK THE QUIET "
                         "HARBOUR ***</span></div>"),
        Page("licence.xhtml", "<h2>THE FULL LICENCE</h2>" + "".join(f"<p>{p}</p>" for p in LICENCE.split("\n\n"))),
    ]
    toc = [epub.Link("start.xhtml", "The Quiet Harbour", "s"), epub.Link("c1.xhtml", "The Boat", "c1"),
           epub.Link("c2.xhtml", "The Net", "c2"), epub.Link("licence.xhtml", "THE FULL LICENCE", "l")]
    doc = load_document(write_book(tmp_path / "pg.epub", BookSpec(pages, toc=toc, authors=("Jo Writer",))))
    assert [c.title for c in doc.chapters] == ["The Quiet Harbour", "The Boat", "The Net"]
    text = everything_read(doc)
    assert "Gutenberg" not in text and "LICENCE" not in text and "Author:" not in text
    assert "A novel of the sea" in text and "until the light went." in text
    assert any(s.title == "THE FULL LICENCE" and s.reason == BOILERPLATE for s in doc.skipped)


@pytest.mark.parametrize(("start", "end"), [
    # 1990s texts: the header's small print ends with this line.
    ("*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*",
     "End of Project Gutenberg's The Quiet Harbour, by Jo Writer"),
    ("*** START OF THIS PROJECT GUTENBERG EBOOK THE QUIET HARBOUR ***",
     "*** END OF THIS PROJECT GUTENBERG EBOOK THE QUIET HARBOUR ***"),
    ("*** START OF THE PROJECT GUTENBERG EBOOK, THE QUIET HARBOUR ***",
     "*** END OF THE PROJECT GUTENBERG ETEXT THE QUIET HARBOUR ***"),
])
def test_the_marker_lines_of_each_period(start, end):
    text = f"Header words here.\n\n{start}\n\nThe boat came in at dawn.\n\n{end}\n\nLicence words here."
    doc = load_text(text, "harbour")
    assert [p for c in doc.chapters for p in c.paragraphs] == ["The boat came in at dawn."]


@pytest.mark.parametrize("prose", [
    "She said the end of Project Gutenberg's first decade was a fine party.",
    "The start of the project was slow, and the end of it quick.",
])
def test_prose_that_mentions_the_distributor_is_read(prose):
    doc = load_text(f"First paragraph.\n\n{prose}\n\nLast paragraph.", "essay")
    assert [p for c in doc.chapters for p in c.paragraphs] == ["First paragraph.", prose, "Last paragraph."]
