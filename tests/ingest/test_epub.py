"""EPUB ingest, on small real books written with ebooklib."""

from __future__ import annotations

import base64
import zipfile
from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.errors import InputError
from litetts_cli.ingest import IngestOptions, load_document
from tests.ingest.ingest_books import JPEG_BYTES, PNG_BYTES, BookSpec, Page, handmade_epub, write_book

FRONT = IngestOptions(include_front_matter=True)


def titles(doc) -> list[str]:
    return [c.title for c in doc.chapters]


def one_chapter_book(tmp_path: Path, body: str, **page_args) -> Path:
    spec = BookSpec([Page("c1.xhtml", body, **page_args)], toc=[epub.Link("c1.xhtml", "Only", "c1")])
    return write_book(tmp_path / "one.epub", spec)


def paragraphs_of(tmp_path: Path, body: str, **page_args) -> list[str]:
    doc = load_document(one_chapter_book(tmp_path, body, **page_args))
    assert len(doc.chapters) == 1
    return doc.chapters[0].paragraphs


# -- structure and titles ------------------------------------------------------


def test_epub3_nav_titles_spine_order_and_metadata(tmp_path):
    pages = [
        Page("ch1.xhtml", "<h1>One</h1><p>First chapter text.</p>"),
        Page("ch2.xhtml", "<h1>Two</h1><p>Second chapter text.</p>"),
        Page("ch3.xhtml", "<h1>Three</h1><p>Third chapter text.</p>"),
    ]
    # TOC order differs from the spine on purpose: the spine is the reading order.
    toc = [
        epub.Link("ch2.xhtml", "The Second", "c2"),
        epub.Link("ch1.xhtml", "The First", "c1"),
        epub.Link("ch3.xhtml", "The Third", "c3"),
    ]
    spec = BookSpec(pages, toc=toc, title="Nav Book", authors=("Ann Author", "Bob Writer"), language="fr",
                    cover=("images/cover.png", PNG_BYTES))
    doc = load_document(write_book(tmp_path / "nav.epub", spec))

    assert titles(doc) == ["The First", "The Second", "The Third"]
    assert doc.chapters[0].paragraphs == ["One", "First chapter text."]
    assert doc.chapters[0].heading_indices == [0]
    assert doc.chapters[0].source == "ch1.xhtml"
    assert (doc.title, doc.author, doc.language) == ("Nav Book", "Ann Author, Bob Writer", "fr")
    assert doc.cover == PNG_BYTES
    assert doc.cover_mime == "image/png"
    assert doc.warnings == []
    assert doc.skipped == []


def _svg(inner: str) -> bytes:
    return (f'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
            f' viewBox="0 0 1400 2100">{inner}<text x="10" y="10">Hamlet</text></svg>').encode()


@pytest.mark.parametrize("svg, cover, mime", [
    # Standard Ebooks: the painting embedded in the SVG as a base64 JPEG, the lettering drawn over it.
    (_svg(f'<image width="1400" height="2100" xlink:href="data:image/jpeg;base64,{base64.b64encode(JPEG_BYTES).decode()}"/>'),
     JPEG_BYTES, "image/jpeg"),
    (_svg('<image width="1400" height="2100" xlink:href="painting.png"/>'), PNG_BYTES, "image/png"),
    # Only vector drawing: left as it is.
    (_svg('<rect width="1400" height="2100"/>'), None, "image/svg+xml"),
])
def test_an_svg_cover_gives_the_picture_it_draws(tmp_path, svg, cover, mime):
    spec = BookSpec([Page("c1.xhtml", "<p>Text.</p>")], toc=[epub.Link("c1.xhtml", "One", "c1")],
                    cover=("images/cover.svg", svg), images={"images/painting.png": PNG_BYTES})
    doc = load_document(write_book(tmp_path / "svg.epub", spec))
    assert doc.cover == (cover or svg) and doc.cover_mime == mime


def test_epub2_ncx_only_in_subfolder_with_meta_cover(tmp_path):
    pages = [
        Page("Text/ch1.xhtml", "<h2>Heading One</h2><p>Alpha.</p>"),
        Page("Text/ch2.xhtml", "<p>Beta.</p>"),
    ]
    # The NCX lives in its own folder, so its links are relative to that folder.
    toc = [epub.Link("../Text/ch1.xhtml", "Chapter Alpha", "a"), epub.Link("../Text/ch2.xhtml", "Chapter Beta", "b")]
    spec = BookSpec(pages, toc=toc, nav=False, ncx_file="Misc/toc.ncx", meta_cover=("Images/front.jpg", JPEG_BYTES))
    path = write_book(tmp_path / "ncx.epub", spec)

    doc = load_document(path)

    assert titles(doc) == ["Chapter Alpha", "Chapter Beta"]
    assert [c.paragraphs for c in doc.chapters] == [["Heading One", "Alpha."], ["Beta."]]
    assert doc.cover == JPEG_BYTES
    assert doc.cover_mime == "image/jpeg"


def test_nested_toc_entries_are_chapters_in_order(tmp_path):
    pages = [
        Page("part1.xhtml", "<h1>Part One</h1><p>The part opens.</p>"),
        Page("ch1.xhtml", "<p>Chapter one text.</p>"),
        Page("ch2.xhtml", "<p>Chapter two text.</p>"),
        Page("part2.xhtml", "<p>Second part text.</p>"),
        Page("ch3.xhtml", "<p>Chapter three text.</p>"),
    ]
    toc = [
        (epub.Section("Part One", "part1.xhtml"), [
            epub.Link("ch1.xhtml", "Chapter 1", "c1"),
            epub.Link("ch2.xhtml", "Chapter 2", "c2"),
        ]),
        (epub.Section("Part Two", "part2.xhtml"), [
            (epub.Section("Chapter 3", "ch3.xhtml"), [epub.Link("ch3.xhtml#deep", "Deep", "d")]),
        ]),
    ]
    doc = load_document(write_book(tmp_path / "nested.epub", BookSpec(pages, toc=toc)))

    # Parts split into their chapters; a part page with a line of text opens its first
    # chapter; the missing #deep anchor is read as part of Chapter 3 (issue 11).
    assert titles(doc) == ["Part One: Chapter 1", "Chapter 2", "Part Two: Chapter 3"]
    assert doc.chapters[0].paragraphs == ["Part One", "The part opens.", "Chapter one text."]
    assert doc.chapters[2].paragraphs == ["Second part text.", "Chapter three text."]
    assert doc.chapters[2].children == [{"title": "Deep", "words": 0, "children": []}]
    assert any("#deep" in w for w in doc.warnings)  # the anchor is missing: said, not hidden


def test_url_encoded_hrefs_match_file_names_with_spaces(tmp_path):
    pages = [Page("Text/chapter 1.xhtml", "<p>Spaced name.</p>"), Page("Text/über 2.xhtml", "<p>Umlaut name.</p>")]
    toc = [
        epub.Link("Text/chapter%201.xhtml", "First Real Title", "c1"),
        epub.Link("Text/%C3%BCber%202.xhtml", "Second Real Title", "c2"),
    ]
    for nav in (True, False):
        doc = load_document(write_book(tmp_path / f"encoded-{nav}.epub", BookSpec(pages, toc=toc, nav=nav)))
        assert titles(doc) == ["First Real Title", "Second Real Title"], f"nav={nav}"


def test_fragment_hrefs_split_one_file_into_chapters(tmp_path):
    body = (
        '<p>Before any chapter.</p>'
        '<h2 id="ch1">One</h2><p>First text.</p>'
        '<div id="ch2"><h2>Two</h2><p>Second <span id="inline">text</span>.</p></div>'
        '<p><a id="ch3"/>Third starts mid-flow.</p><p>More third.</p>'
    )
    pages = [Page("text.xhtml", body), Page("after.xhtml", "<h1>After</h1><p>Last.</p>")]
    toc = [
        epub.Link("text.xhtml", "Opening", "o"),
        epub.Link("text.xhtml#ch1", "Chapter One", "c1"),
        epub.Link("text.xhtml#ch2", "Chapter Two", "c2"),
        epub.Link("text.xhtml#ch3", "Chapter Three", "c3"),
        epub.Link("after.xhtml", "After", "a"),
    ]
    for nav in (True, False):
        doc = load_document(write_book(tmp_path / f"split-{nav}.epub", BookSpec(pages, toc=toc, nav=nav)))
        assert titles(doc) == ["Opening", "Chapter One", "Chapter Two", "Chapter Three", "After"]
        assert [c.paragraphs for c in doc.chapters[:4]] == [
            ["Before any chapter."],
            ["One", "First text."],
            ["Two", "Second text."],
            ["Third starts mid-flow.", "More third."],
        ]
        assert [c.source for c in doc.chapters[:4]] == ["text.xhtml", "text.xhtml#ch1", "text.xhtml#ch2",
                                                        "text.xhtml#ch3"]


def test_toc_entry_at_file_start_and_fragment_right_after_share_a_chapter(tmp_path):
    pages = [Page("part.xhtml", '<section id="c1"><h1>Chapter 1</h1><p>Text.</p></section>'
                                '<section id="c2"><h1>Chapter 2</h1><p>More.</p></section>')]
    toc = [(epub.Section("Part One", "part.xhtml"), [epub.Link("part.xhtml#c1", "Chapter 1", "c1"),
                                                      epub.Link("part.xhtml#c2", "Chapter 2", "c2")])]
    doc = load_document(write_book(tmp_path / "share.epub", BookSpec(pages, toc=toc)))
    assert titles(doc) == ["Part One: Chapter 1", "Chapter 2"]
    assert doc.warnings == []


def test_titles_fall_back_to_heading_then_chapter_number(tmp_path):
    pages = [
        Page("a.xhtml", "<h3>Heading Three Title</h3><p>A.</p>"),
        Page("b.xhtml", "<p>No heading at all.</p>"),
        Page("c.xhtml", "<h4>Too deep for a title</h4><p>C.</p>"),
    ]
    doc = load_document(write_book(tmp_path / "notoc.epub", BookSpec(pages, toc=[])))
    assert titles(doc) == ["Heading Three Title", "Chapter 2", "Chapter 3"]


def test_untitled_file_after_a_chapter_continues_it_when_the_book_has_a_toc(tmp_path):
    # Converters split long chapters into several files with one TOC entry.
    pages = [
        Page("c1.xhtml", "<h1>One</h1><p>Start of one.</p>"),
        Page("c1b.xhtml", "<p>Rest of one.</p>"),
        Page("c2.xhtml", "<h1>Two</h1><p>Two.</p>"),
        Page("c3.xhtml", "<h2>Unlisted Interlude</h2><p>Has a heading, so it stands alone.</p>"),
    ]
    toc = [epub.Link("c1.xhtml", "Chapter One", "c1"), epub.Link("c2.xhtml", "Chapter Two", "c2")]
    doc = load_document(write_book(tmp_path / "cont.epub", BookSpec(pages, toc=toc)))
    assert titles(doc) == ["Chapter One", "Chapter Two", "Unlisted Interlude"]
    assert doc.chapters[0].paragraphs == ["One", "Start of one.", "Rest of one."]


def test_heading_only_pages_outside_the_toc_are_sections_of_the_chapter_before(tmp_path):
    # The W3C's Japanese layout spec: "A Character Classes" is in the TOC, its tables A.1-A.3
    # are not, one per file with only a heading once the table is skipped.
    table = "<table><tr><td>‘</td><td>2018</td><td>LEFT SINGLE QUOTATION MARK</td></tr></table>"
    pages = [
        Page("a.xhtml", "<h2>A Character Classes</h2><p>Characters fall into classes by where they may go.</p>"),
        *[Page(f"cl-0{n}.xhtml", f"<h3>A.{n} Class {n}</h3>{table}") for n in (1, 2, 3)],
        Page("b.xhtml", "<h2>B Spacing</h2><p>Spacing between characters.</p>"),
    ]
    toc = [epub.Link("a.xhtml", "A Character Classes", "a"), epub.Link("b.xhtml", "B Spacing", "b")]
    doc = load_document(write_book(tmp_path / "spec.epub", BookSpec(pages, toc=toc)))
    assert titles(doc) == ["A Character Classes", "B Spacing"]
    assert doc.chapters[0].paragraphs[-3:] == ["A.1 Class 1", "A.2 Class 2", "A.3 Class 3"]


def _endnotes_book(tmp_path: Path, marked: tuple[int, ...]) -> Path:
    mark = '<a href="endnotes.xhtml#note-{n}" id="noteref-{n}" epub:type="noteref">{n}</a>'
    pages = [Page(f"c{n}.xhtml", f"<h1>Chapter {n}</h1><p>Half a stang{mark.format(n=n) if n in marked else ''} high.</p>")
             for n in (1, 2)]
    notes = "".join(f'<li id="note-{n}"><p>Note {n} text. <a href="c{n}.xhtml#noteref-{n}" epub:type="backlink">↩</a></p>'
                    "</li>" for n in (1, 2))
    pages.append(Page("endnotes.xhtml", f'<section epub:type="endnotes"><h2>Endnotes</h2><ol>{notes}</ol></section>',
                      body_attrs='epub:type="backmatter"'))
    toc = [epub.Link("c1.xhtml", "One", "c1"), epub.Link("c2.xhtml", "Two", "c2"),
           epub.Link("endnotes.xhtml", "Endnotes", "n")]
    return write_book(tmp_path / "notes.epub", BookSpec(pages, toc=toc))


@pytest.mark.parametrize("marked, chapters", [
    # Standard Ebooks: every endnote is marked in a chapter; each is read after it.
    ((1, 2), {"One": ["Chapter 1", "Half a stang high.", "Notes.", "Note 1 text."],
              "Two": ["Chapter 2", "Half a stang high.", "Notes.", "Note 2 text."]}),
    # A note no chapter marks: the notes page is read where it stands, all of it.
    ((1,), {"One": ["Chapter 1", "Half a stang high."], "Two": ["Chapter 2", "Half a stang high."],
            "Endnotes": ["Endnotes", "Note 1 text.", "Note 2 text."]}),
])
def test_endnotes_are_read_after_the_chapter_that_marks_them(tmp_path, marked, chapters):
    doc = load_document(_endnotes_book(tmp_path, marked), IngestOptions(notes="end-of-chapter"))
    assert {c.title: c.paragraphs for c in doc.chapters} == chapters
    skipped = load_document(_endnotes_book(tmp_path, marked))  # the default: notes are not read
    assert [c.title for c in skipped.chapters] == ["One", "Two"]


def test_empty_chapter_is_dropped_with_a_warning(tmp_path):
    pages = [
        Page("c1.xhtml", "<p>Text.</p>"),
        Page("blank.xhtml", '<div><img src="pic.png" alt=""/></div>'),
        Page("c2.xhtml", "<p>More.</p>"),
    ]
    toc = [
        epub.Link("c1.xhtml", "One", "1"), epub.Link("blank.xhtml", "Plate I", "p"), epub.Link("c2.xhtml", "Two", "2"),
    ]
    doc = load_document(write_book(tmp_path / "empty.epub", BookSpec(pages, toc=toc, images={"pic.png": PNG_BYTES})))
    assert titles(doc) == ["One", "Two"]
    assert any("'Plate I'" in w and "blank.xhtml" in w and "no readable text" in w for w in doc.warnings)


# -- front and back matter -----------------------------------------------------


def front_matter_book(tmp_path: Path) -> Path:
    pages = [
        Page("cover.xhtml", '<div><img src="images/cover.png" alt="A lighthouse at dusk"/></div>'),
        Page("titlepage.xhtml", "<h1>The Test Book</h1><p>Ann Author</p>"),
        Page("copyright.xhtml", '<section epub:type="copyright-page"><p>Copyright 2024 Ann Author.</p></section>'),
        Page("dedication.xhtml", "<h1>Dedication</h1><p>For my mother.</p>"),
        Page("ch1.xhtml", "<h1>One</h1><p>Story begins.</p>"),
        Page("ack.xhtml", "<h1>Acknowledgments</h1><p>Thanks to everyone.</p>"),
        Page("book-index.xhtml", "<h1>Index</h1><p>apples, 3</p>"),
        Page("alsoby.xhtml", "<p>Another Book</p><p>A Third Book</p>"),
    ]
    toc = [
        epub.Link("cover.xhtml", "Cover", "cov"),
        epub.Link("copyright.xhtml", "Rights", "cp"),
        epub.Link("dedication.xhtml", "Dedication", "ded"),
        epub.Link("ch1.xhtml", "Chapter One", "c1"),
        epub.Link("ack.xhtml", "Acknowledgments", "ack"),
        epub.Link("book-index.xhtml", "Index", "ix"),
        epub.Link("alsoby.xhtml", "Also by Ann Author", "ab"),
    ]
    guide = [{"type": "cover", "href": "cover.xhtml", "title": "Cover"}]
    spec = BookSpec(pages, toc=toc, guide=guide, nav_in_spine=True, cover=("images/cover.png", PNG_BYTES))
    return write_book(tmp_path / "front.epub", spec)


def test_front_and_back_matter_is_skipped_and_reported(tmp_path):
    doc = load_document(front_matter_book(tmp_path))

    assert titles(doc) == ["Dedication", "Chapter One", "Acknowledgments"]
    assert [(s.title, s.reason) for s in doc.skipped] == [
        ("Table of contents", "table of contents"),  # the nav document, first in the spine
        ("Cover", "cover"),  # guide/landmark type
        ("Title page", "title page"),  # file name
        ("Rights", "copyright page"),  # epub:type
        ("Index", "index"),  # title
        ("Also by Ann Author", "also-by list"),  # title
    ]
    summary = [w for w in doc.warnings if w.startswith("Skipped front/back matter")]
    assert len(summary) == 1 and "'Rights' (copyright page)" in summary[0] and "--include-front-matter" in summary[0]
    assert doc.cover == PNG_BYTES


def test_front_and_back_matter_is_read_with_the_flag(tmp_path):
    doc = load_document(front_matter_book(tmp_path), FRONT)

    assert titles(doc) == [
        "Table of contents", "Cover", "Title page", "Rights", "Dedication", "Chapter One", "Acknowledgments",
        "Index", "Also by Ann Author",
    ]
    by_title = {c.title: c.paragraphs for c in doc.chapters}
    assert by_title["Cover"] == ["A lighthouse at dusk."]
    assert by_title["Rights"] == ["Copyright 2024 Ann Author."]
    assert "Chapter One." in by_title["Table of contents"]
    assert "Guide" not in by_title["Table of contents"]  # landmarks are navigation, not text
    assert doc.skipped == []


@pytest.mark.parametrize(
    ("body", "body_attrs", "file_name", "toc_title", "skipped"),
    [
        ("<p>All rights reserved.</p>", 'epub:type="copyright-page"', "p1.xhtml", "Legal", True),
        ("<p>Published by X.</p>", 'epub:type="colophon"', "p1.xhtml", "Publisher", True),
        ("<p>entries</p>", 'epub:type="index"', "p1.xhtml", "Stuff", True),
        ("<p>entries</p>", 'role="doc-toc"', "p1.xhtml", "Stuff", True),
        ("<p>x</p>", 'epub:type="titlepage"', "p1.xhtml", "Start", True),
        ("<p>Books</p>", "", "p1.xhtml", "Other Books by Ann Author", True),
        ("<p>Books</p>", "", "p1.xhtml", "Table of Contents", True),
        ("<p>A small print.</p>", "", "Copyright_Page.xhtml", "Notice", True),
        ("<p>For you.</p>", 'epub:type="dedication"', "p1.xhtml", "Dedication", False),
        ("<p>Thanks.</p>", 'epub:type="acknowledgments"', "p1.xhtml", "Acknowledgements", False),
        ("<p>Before.</p>", 'epub:type="foreword"', "p1.xhtml", "Foreword", False),
        ("<p>Notes.</p>", "", "p1.xhtml", "Notes", True),  # endnotes: --notes end-of-chapter reads them
        ("<p>Afterword.</p>", "", "p1.xhtml", "Afterword", False),
        # A long page named like a copyright page is a chapter that got an odd name.
        ("<p>" + "word " * 700 + "</p>", "", "copyright.xhtml", "Chapter Nine", False),
        # A licence's full text, however long (TLDP's Pocket Linux Guide: 3,254 words of GNU FDL).
        ("<p>" + "terms " * 3000 + "</p>", "", "p1.xhtml", "B. GNU Free Documentation License", True),
        ("<p>Terms.</p>", "", "p1.xhtml", "Appendix A. GNU General Public License, version 2", True),
        ("<p>Terms.</p>", "", "p1.xhtml", "Creative Commons Attribution-ShareAlike 4.0 International License", True),
        ("<p>Copyright and disclaimer.</p>", "", "p1.xhtml", "Legal Information", True),
        ("<p>He got his licence at last.</p>", "", "p1.xhtml", "The Licence", False),  # a chapter's name
        ("<p>A story.</p>", "", "p1.xhtml", "A License to Dream", False),
    ],
)
def test_matter_signals(tmp_path, body, body_attrs, file_name, toc_title, skipped):
    pages = [Page(file_name, body, body_attrs=body_attrs), Page("main.xhtml", "<p>Main text.</p>")]
    toc = [epub.Link(file_name, toc_title, "x"), epub.Link("main.xhtml", "Main", "m")]
    doc = load_document(write_book(tmp_path / "m.epub", BookSpec(pages, toc=toc)))
    assert (toc_title not in titles(doc)) is skipped
    assert bool(doc.skipped) is skipped


def test_all_front_matter_book_says_so(tmp_path):
    spec = BookSpec([Page("copyright.xhtml", "<p>Copyright 2024.</p>")], toc=[epub.Link("copyright.xhtml", "C", "c")])
    path = write_book(tmp_path / "only.epub", spec)
    with pytest.raises(InputError, match="front and back matter"):
        load_document(path)
    assert load_document(path, FRONT).chapters[0].paragraphs == ["Copyright 2024."]


# -- what is read inside a page -------------------------------------------------


def test_block_elements_become_paragraphs(tmp_path):
    body = """
      <h1>Title   Here</h1>
      <p>One   para\n  spread\tover lines.</p>
      <div>Loose div text <p>inner para</p> tail text</div>
      <ul><li>first item</li><li>second item!</li><li>outer<ul><li>nested</li></ul></li></ul>
      <ol><li><p>item in a paragraph</p></li></ol>
      <dl><dt>Term</dt><dd>Its definition</dd></dl>
      <blockquote>A quote.</blockquote>
      <blockquote><p>Quote para one.</p><p>Quote para two.</p></blockquote>
      <h3>Sub heading</h3>
      <p>Co&#173;operate and re\u00adenter\u200b.</p>
      <p>Line one<br/>line two.</p>
      <p>Stanza one<br/><br/>Stanza two.</p>
      <p>* * *</p>
      <p><em>Emph</em>asis and <a href="http://example.com">a link</a>.</p>
    """
    assert paragraphs_of(tmp_path, body) == [
        "Title Here",
        "One para spread over lines.",
        "Loose div text",
        "inner para",
        "tail text",
        "first item.",
        "second item!",
        "outer.",
        "nested.",
        "item in a paragraph.",
        "Term.",
        "Its definition.",
        "A quote.",
        "Quote para one.",
        "Quote para two.",
        "Sub heading",
        "Cooperate and reenter.",
        "Line one line two.",
        "Stanza one",
        "Stanza two.",
        "Emphasis and a link.",
    ]


def test_heading_indices_mark_headings(tmp_path):
    doc = load_document(one_chapter_book(tmp_path, "<h1>A</h1><p>x.</p><h2>B</h2><p>y.</p><h5>C</h5>"))
    chapter = doc.chapters[0]
    assert [chapter.paragraphs[i] for i in chapter.heading_indices] == ["A", "B", "C"]


@pytest.mark.parametrize("body", [
    # Standard Ebooks' endnotes and Pandoc's footnotes link back to their marker with an arrow.
    '<ol><li id="note-1" epub:type="endnote"><p>A stang is a pole. <a href="c1.xhtml#noteref-1" '
    'epub:type="backlink">↩</a></p></li></ol>',
    '<ol><li id="fn1"><p>A stang is a pole. <a href="#fnref1" class="footnote-back" role="doc-backlink">↩︎</a></p></li></ol>',
    '<ol><li id="fn1"><p>A stang is a pole. <a href="#fnref1">↑</a></p></li></ol>',
])
def test_a_notes_link_back_to_its_marker_is_not_read(tmp_path, body):
    assert paragraphs_of(tmp_path, body) == ["A stang is a pole."]


@pytest.mark.parametrize("body, warning", [
    # Markers alone: their notes are endnotes, reported with the back matter.
    ('<p>Noted<a epub:type="noteref" href="endnotes.xhtml#n1">1</a> here.</p>', None),
    ('<p>Noted<a epub:type="noteref" href="#n1">1</a>.</p><aside epub:type="footnote" id="n1"><p>Body.</p></aside>',
     "Not read aloud: 1 footnote(s) (2 words; --notes end-of-chapter reads them)"),
    ("<p>Text.</p><table><caption>Rain</caption><tr><td>Wet</td></tr></table>",
     "Not read aloud: 1 table(s) (1 words; their captions are read)"),
])
def test_what_is_not_read_is_said_once_and_only_when_there_is_some(tmp_path, body, warning):
    said = [w for w in load_document(one_chapter_book(tmp_path, body)).warnings if w.startswith("Not read aloud")]
    assert said == ([warning] if warning else [])

@pytest.mark.parametrize("options, expected", [
    # The IDPF Children's Literature sample: a transcriber's note beside the word it corrects
    # ('<a epub:type="annoref">warrior</a>') is a note, not the story's next paragraph.
    ({}, ["Farewell, farewell, thou warrior brave.", "And now the paper parted."]),
    ({"notes": "end-of-chapter"}, ["Farewell, farewell, thou warrior brave.", "And now the paper parted.", "Notes.",
                                   "Transcriber's Note: original reads 'warrier'"]),
])
def test_an_annotation_aside_is_a_note(tmp_path, options, expected):
    body = ('<p>Farewell, farewell, thou <a href="#a02" epub:type="annoref">warrior</a> brave.</p>'
            '<aside epub:type="annotation" id="a02"><p>Transcriber\'s Note: original reads \'warrier\'</p></aside>'
            "<p>And now the paper parted.</p>")
    doc = load_document(one_chapter_book(tmp_path, body), IngestOptions(**options))
    assert [p for c in doc.chapters for p in c.paragraphs if p != c.title] == expected



def test_note_markers_and_page_numbers_are_not_read(tmp_path):
    body = """
      <p>Plain<sup>1</sup> marker.</p>
      <p>Noteref<a epub:type="noteref" href="#fn2">2</a> marker.</p>
      <p>Linked<a href="notes.xhtml#note3"><sup>3</sup></a> marker.</p>
      <p>Bracketed<a href="#fn4" class="footnote-ref">[4]</a> marker.</p>
      <p>Star<sup>*</sup> and dagger<a href="#d">†</a>.</p>
      <p>Role<a role="doc-noteref" href="#n">a</a> marker.</p>
      <p>Page<span epub:type="pagebreak" id="p12" title="12">12</span> break and<span class="pagenum">[Pg 7]</span>
         more.</p>
      <p><span class="paranum">14</span>Numbered paragraph.</p>
      <p>The 1<sup>st</sup> and see <a href="#ch3">chapter 3</a>.</p>
      <aside epub:type="footnote" id="fn2"><p>The footnote body.</p></aside>
      <div role="doc-footnote"><p>Another note body.</p></div>
    """
    doc = load_document(one_chapter_book(tmp_path, body))
    assert doc.chapters[0].paragraphs == [
        "Plain marker.",
        "Noteref marker.",
        "Linked marker.",
        "Bracketed marker.",
        "Star and dagger.",
        "Role marker.",
        "Page break and more.",
        "Numbered paragraph.",
        "The 1st and see chapter 3.",
    ]
    assert any("2 footnote(s)" in w for w in doc.warnings)


def test_images_tables_and_hidden_content(tmp_path):
    body = """
      <p><img src="a.png" alt="A map of the island"/></p>
      <p><img src="b.png" alt="image"/><img src="b.png" alt="img_0042.jpg"/><img src="b.png"/></p>
      <figure><img src="c.png" alt="The harbour"/><figcaption>The harbour at dawn</figcaption></figure>
      <figure><img src="c.png" alt="Same words"/><figcaption>Same words.</figcaption></figure>
      <p><img src="t.png" alt="T"/>he drop capital.</p>
      <p>Inline <img src="s.png" alt="smiley"/> face.</p>
      <p><img src="h.png" alt="Hidden picture" hidden="hidden"/><input type="image" alt="Go button"/></p>
      <table><caption>Table 1: Rainfall</caption><tr><th>Month</th></tr><tr><td>Secret cell</td></tr></table>
      <table><tr><td>Uncaptioned cell</td></tr></table>
      <p hidden="hidden">Hidden text.</p>
      <p style="display: none">Invisible text.</p>
      <p aria-hidden="true">Aria hidden.</p>
      <script>var x = "script";</script>
      <p>Ruby <ruby>漢<rt>kan</rt></ruby> text.</p>
      <p>After.</p>
    """
    doc = load_document(one_chapter_book(tmp_path, body))
    assert doc.chapters[0].paragraphs == [
        "A map of the island.",
        "The harbour.",
        "The harbour at dawn.",
        "Same words.",
        "The drop capital.",
        "Inline smiley face.",
        "Go button.",
        "Table 1: Rainfall.",
        "Ruby 漢 text.",
        "After.",
    ]
    assert any("2 table(s)" in w for w in doc.warnings)


_PERSONA = 'epub:type="z3998:persona"'


@pytest.mark.parametrize("body, expected", [
    # Standard Ebooks' drama: a persona cell, then the speech (prose, or verse lines).
    (f"""<table><tr><td/><td><i>Enter <b {_PERSONA}>Bernardo</b>.</i></td></tr>
      <tr><td {_PERSONA}>Bernardo</td><td>Who’s there?</td></tr>
      <tr><td {_PERSONA}>Francisco</td><td><p><span>For this relief much thanks:</span><br/>
        <span>I am sick at heart.</span></p></td></tr></table>""",
     ["Enter Bernardo.", "Bernardo. Who’s there?", "Francisco. For this relief much thanks: I am sick at heart."]),
    # A speech of two paragraphs is headed once; a name ending in a stop keeps it; a note marker is not read.
    (f"""<table><tr><td {_PERSONA}>Lady B.</td><td><p>One.</p><p>Two.<a epub:type="noteref" href="#n1">1</a></p></td>
      </tr><tr><td {_PERSONA}>All</td><td/></tr></table>""",
     ["Lady B. One.", "Two.", "All."]),
    # Two speakers at once (Hamlet's "Marcellus<br/>Bernardo"): their names, one after the other.
    (f"""<table><tr><td {_PERSONA}>Marcellus<br/>Bernardo</td><td>We do, my lord.</td></tr></table>""",
     ["Marcellus Bernardo. We do, my lord."]),
    # A dialogue quoted inside prose.
    (f"""<p>From an old book:</p><blockquote epub:type="z3998:drama"><table><tr><td {_PERSONA}>Lunarian</td>
      <td>I see.</td></tr></table></blockquote><p>After.</p>""",
     ["From an old book:", "Lunarian. I see.", "After."]),
    # A table of data is still a table: not read.
    ("<p>Before.</p><table><tr><td>Of the character</td><td>8</td></tr></table><p>After.</p>", ["Before.", "After."]),
])
def test_a_play_set_as_a_table_is_read_name_then_speech(tmp_path, body, expected):
    doc = load_document(one_chapter_book(tmp_path, body))
    assert doc.chapters[0].paragraphs == expected
    assert ("tables" in doc.chapters[0].skipped_words) == ("Of the character" in body)


@pytest.mark.parametrize("body, expected", [
    # An EPUB 3 widget: its fallback is the content a reader without the widget shows.
    ("""<object data="quiz.xml" type="application/x-epub-quiz"><param name="a" value="b"/>
      <ol><li><p>What is a gas giant?</p><ol><li>Jupiter</li><li>Mars</li></ol></li></ol></object><p>After.</p>""",
     ["What is a gas giant?", "Jupiter.", "Mars.", "After."]),
    ("""<object data="g.xml" type="application/x-epub-figure-gallery"><figure><img src="1.jpg"/>
      <figcaption><p>New Moon.</p></figcaption></figure></object>""", ["New Moon."]),
    # Media and embedded documents: their fallback only says the reader cannot play them.
    ("<video src='v.mp4'>Your reader cannot play this video.</video><audio>No audio.</audio><p>Text.</p>", ["Text."]),
])
def test_object_fallback_content_is_read(tmp_path, body, expected):
    assert paragraphs_of(tmp_path, body) == expected


def test_xhtml11_entities_and_malformed_html_are_read(tmp_path):
    xhtml11 = (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
        b"<body><p>Mr.&nbsp;Smith &mdash; caf&eacute; &amp; co.</p></body></html>"
    )
    malformed = b"<html><body><p>Unclosed &nbsp;para<p>Next <b>bold</i> para</body>"
    latin1 = "<html><body><p>Caf\xe9 cr\xe8me.</p></body></html>".encode("latin-1")
    pages = [Page("a.xhtml", ""), Page("b.xhtml", ""), Page("c.xhtml", "")]
    path = write_book(tmp_path / "ent.epub", BookSpec(pages, toc=[]))
    # Replace the page bytes with the exact documents under test.
    rewritten = tmp_path / "ent2.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(rewritten, "w") as dst:
        for info in src.infolist():
            data = {"EPUB/a.xhtml": xhtml11, "EPUB/b.xhtml": malformed, "EPUB/c.xhtml": latin1}.get(
                info.filename, src.read(info.filename))
            dst.writestr(info, data)
    doc = load_document(rewritten)
    assert [c.paragraphs for c in doc.chapters] == [
        ["Mr.\u00a0Smith — café & co.".replace("\u00a0", " ")],
        ["Unclosed para", "Next bold para"],
        ["Café crème."],
    ]
    assert any("c.xhtml" in w and "Windows-1252" in w for w in doc.warnings)


def test_ten_megabyte_paragraph_without_punctuation(tmp_path):
    words = 2_000_000
    doc = load_document(one_chapter_book(tmp_path, "<p>" + "word " * words + "</p>"))
    assert doc.chapters[0].word_count == words
    assert len(doc.chapters[0].paragraphs) == 1


def test_missing_manifest_file_is_a_warning_not_a_failure(tmp_path):
    path = write_book(tmp_path / "full.epub", BookSpec(
        [Page("c1.xhtml", "<p>Kept.</p>"), Page("c2.xhtml", "<p>Gone.</p>")],
        toc=[epub.Link("c1.xhtml", "One", "1"), epub.Link("c2.xhtml", "Two", "2")],
    ))
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if info.filename != "EPUB/c2.xhtml":
                dst.writestr(info, src.read(info.filename))
    doc = load_document(broken)
    assert titles(doc) == ["One"]
    assert any("missing" in w and "c2.xhtml" in w for w in doc.warnings)
    assert any("'Two'" in w and "no readable text" in w for w in doc.warnings)


def test_nav_without_a_toc_falls_back_to_the_ncx(tmp_path):
    pages = [Page("Text/c1.xhtml", "<p>One.</p>"), Page("Text/c2.xhtml", "<p>Two.</p>")]
    toc = [epub.Link("../Text/c1.xhtml", "From NCX One", "1"), epub.Link("../Text/c2.xhtml", "From NCX Two", "2")]
    path = write_book(tmp_path / "navless.epub", BookSpec(pages, toc=toc, ncx_file="Misc/toc.ncx"))
    nav_without_toc = b"""<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>n</title></head>
<body><nav epub:type="landmarks"><ol><li><a epub:type="bodymatter" href="Text/c1.xhtml">Start</a></li></ol></nav>
</body></html>"""
    fixed = tmp_path / "fixed.epub"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(fixed, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, nav_without_toc if info.filename == "EPUB/nav.xhtml" else src.read(info.filename))
    assert titles(load_document(fixed)) == ["From NCX One", "From NCX Two"]


NCX = """<?xml version="1.0" encoding="UTF-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1">
  <head/><docTitle><text>x</text></docTitle>
  <navMap>
    <navPoint id="n1" playOrder="1"><navLabel><text>Book One</text></navLabel><content src="Text/part%201.html"/>
      <navPoint id="n2" playOrder="2"><navLabel><text>The Arrival</text></navLabel>
        <content src="Text/part%201.html#arrival"/></navPoint>
      <navPoint id="n3" playOrder="3"><navLabel><text>The Departure</text></navLabel>
        <content src="Text/part%201.html#departure"/></navPoint>
    </navPoint>
  </navMap>
</ncx>"""


def test_hand_written_epub2_guide_roles_and_nested_ncx(tmp_path):
    metadata = (
        '<dc:identifier id="id">x</dc:identifier><dc:title>  Old\n Book </dc:title><dc:language>de</dc:language>'
        '<dc:creator opf:role="ill">Ivy Illustrator</dc:creator>'
        '<dc:creator opf:role="aut" opf:file-as="Author, Ann">Ann Author</dc:creator>'
        '<meta name="cover" content="cover-image"/>'
    )
    manifest = (
        '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        '<item id="cover-image" href="Images/cover.jpeg" media-type="image/jpeg"/>'
        '<item id="cover" href="Text/cover.html" media-type="application/xhtml+xml"/>'
        '<item id="p1" href="Text/part%201.html" media-type="application/xhtml+xml"/>'
    )
    spine = '<spine toc="ncx"><itemref idref="cover" linear="no"/><itemref idref="p1"/></spine>'
    guide = '<guide><reference type="cover" title="Cover" href="Text/cover.html"/></guide>'
    part = (
        "<h1>Book One</h1><p>Opening words.</p>"
        '<h2 id="arrival">I</h2><p>They came.</p>'
        '<h2 id="departure">II</h2><p>They went.</p>'
    )
    path = handmade_epub(
        tmp_path / "old.epub", manifest=manifest, spine=spine, metadata=metadata, guide=guide,
        extra={
            "OEBPS/toc.ncx": NCX,
            "OEBPS/Images/cover.jpeg": JPEG_BYTES,
            "OEBPS/Text/cover.html": Page("cover.html", '<img src="../Images/cover.jpeg" alt="cover"/>').xhtml(),
            "OEBPS/Text/part 1.html": Page("part 1.html", part).xhtml(),
        },
    )
    doc = load_document(path)
    assert (doc.title, doc.author, doc.language) == ("Old Book", "Ann Author", "de")
    assert doc.cover == JPEG_BYTES and doc.cover_mime == "image/jpeg"
    # "Book One" is a divider page: it opens the chapter that follows (issue 11).
    assert [(c.title, c.paragraphs) for c in doc.chapters] == [
        ("Book One: The Arrival", ["Book One", "Opening words.", "I", "They came."]),
        ("The Departure", ["II", "They went."]),
    ]
    assert [(s.title, s.reason) for s in doc.skipped] == [("Cover", "cover")]
    assert [c.title for c in load_document(path, FRONT).chapters] == ["Book One: The Arrival", "The Departure"]
    assert any("'Cover'" in w and "no readable text" in w for w in load_document(path, FRONT).warnings)


def test_epub3_creator_roles_from_refines(tmp_path):
    metadata = (
        '<dc:identifier id="id">x</dc:identifier><dc:title>T</dc:title>'
        '<dc:creator id="c1">Ed Editor</dc:creator>'
        '<meta refines="#c1" property="role" scheme="marc:relators">edt</meta>'
        '<dc:creator id="c2">Ann Author</dc:creator>'
        '<meta refines="#c2" property="role" scheme="marc:relators">aut</meta>'
    )
    doc = load_document(handmade_epub(tmp_path / "roles.epub", metadata=metadata))
    assert doc.author == "Ann Author"
    assert doc.language == ""
    assert doc.cover is None and doc.cover_mime == ""


def test_a_licence_appendix_is_set_aside_with_its_section_pages(tmp_path):
    # TLDP's Pocket Linux Guide (DocBook XSL): the GNU FDL appendix is a page per section;
    # only its first page was named as a licence, and 3,209 of its 3,254 words were read.
    story = "<p>" + "The kernel boots and the shell starts on the small disk. " * 30 + "</p>"
    pages = [Page(f"ch{n}.xhtml", f"<h1>{n}. Chapter</h1>{story}") for n in (1, 2, 3)] + [
        Page("gfdl.xhtml", "<h1>B. GNU Free Documentation License</h1><p>Version 1.1, March 2000.</p>"),
        Page("gfdl-1.xhtml", "<h2>PREAMBLE</h2><p>" + "The purpose of this License is freedom. " * 8 + "</p>"),
        Page("gfdl-2.xhtml", "<h2>VERBATIM COPYING</h2><p>" + "You may copy and distribute it. " * 8 + "</p>"),
    ]
    toc = [epub.Link(f"ch{n}.xhtml", f"{n}. Chapter", f"c{n}") for n in (1, 2, 3)] + [
        (epub.Section("B. GNU Free Documentation License", "gfdl.xhtml"), [
            epub.Link("gfdl-1.xhtml", "PREAMBLE", "g1"), epub.Link("gfdl-2.xhtml", "VERBATIM COPYING", "g2")]),
    ]
    path = write_book(tmp_path / "guide.epub", BookSpec(pages, toc=toc))
    doc = load_document(path)
    assert titles(doc) == ["1. Chapter", "2. Chapter", "3. Chapter"]
    licence = [s for s in doc.skipped if s.reason == "licence"]
    assert [s.title for s in licence] == ["B. GNU Free Documentation License"]
    assert licence[0].words > 100  # its sections are counted with it
    assert titles(load_document(path, FRONT))[-1] == "B. GNU Free Documentation License"


@pytest.mark.parametrize(("body", "title"), [
    # The IDPF Guide Hachette des Vins sample: a page outside the contents headed by a styled
    # <div>; a French book had an English "Chapter 1" spoken by its French voice.
    ('<div class="titre">Le Guide :<br/>mode d’emploi</div><div>Chaque édition est nouvelle, et les vins '
     'sont dégustés dans l’année.</div>', "Le Guide : mode d’emploi"),
    ("<p>No heading at all, only a sentence.</p><p>And another.</p>", "Chapter 2"),
    ("<p>A line of verse with no stop</p><p>And more.</p>", "A line of verse with no stop"),
])
def test_an_untitled_page_is_named_by_a_styled_first_line(tmp_path, body, title):
    pages = [Page("a.xhtml", "<h2>Opening</h2><p>A.</p>"), Page("b.xhtml", body)]
    doc = load_document(write_book(tmp_path / "notoc.epub", BookSpec(pages, toc=[])))
    assert titles(doc) == ["Opening", title]
    if title != "Chapter 2":
        assert 0 in doc.chapters[1].heading_indices  # said once, as the title
