"""Metadata that only says it is missing names no one: Calibre's "Unknown" author is not
the audiobook's artist, and its "Unknown" title gives way to the file's name.

Calibre's ebook-convert writes ``<dc:creator>Unknown</dc:creator>`` (translated into the
converting machine's language) for a book given no author, as in
tests/corpus/books/art-of-command-line-es.epub.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.ingest import load_document
from litetts_cli.ingest.placeholders import is_placeholder_author, is_placeholder_title
from tests.ingest.ingest_books import BookSpec, Page, handmade_epub, write_book


@pytest.mark.parametrize(("value", "placeholder"), [
    ("Unknown", True),  # Calibre
    ("unknown", True),
    ("[Unknown]", True),
    ("Inconnu(e)", True),  # Calibre in French
    ("Desconocido", True),
    ("Unknown author", True),
    ("未知", True),
    ("Anonymous", False),  # a real attribution
    ("Jane Austen", False),
    ("The Unknown Soldier", False),
])
def test_placeholder_authors(value, placeholder):
    assert is_placeholder_author(value) is placeholder


@pytest.mark.parametrize(("value", "placeholder"), [
    ("Unknown", True), ("[Title here]", True), ("Untitled", True),
    ("The Unknown", False), ("Emma", False),
])
def test_placeholder_titles(value, placeholder):
    assert is_placeholder_title(value) is placeholder


@pytest.mark.parametrize(("authors", "expected"), [
    (("Unknown",), ""),  # Calibre's ebook-convert without --authors
    (("Inconnu(e)",), ""),
    (("Unknown", "Ann Author"), "Ann Author"),
    (("Anonymous",), "Anonymous"),
])
def test_an_epub_without_a_real_author_names_none(tmp_path, authors, expected):
    spec = BookSpec([Page("c1.xhtml", "<h1>One</h1><p>Some text to read.</p>")],
                    toc=[epub.Link("c1.xhtml", "One", "c1")], authors=authors, title="Unknown")
    doc = load_document(write_book(tmp_path / "Field Notes.epub", spec))
    assert doc.author == expected
    assert doc.title == "Field Notes"  # Calibre's "Unknown" title gives way to the file's name


def test_a_real_calibre_book_has_no_unknown_author():
    book = Path(__file__).parents[1] / "corpus" / "books" / "art-of-command-line-es.epub"
    doc = load_document(book)
    assert doc.author == "" and doc.title == "El arte del terminal"


def test_a_contributor_named_as_author_stands_in_for_a_missing_creator(tmp_path):
    metadata = ('<dc:identifier id="id">x</dc:identifier><dc:title>Field Notes</dc:title><dc:language>en</dc:language>'
                '<dc:creator>Unknown</dc:creator><dc:contributor opf:role="aut">Ann Author</dc:contributor>'
                '<dc:contributor opf:role="bkp">calibre (7.0) [https://calibre-ebook.com]</dc:contributor>')
    doc = load_document(handmade_epub(tmp_path / "notes.epub", metadata=metadata,
                                      chapter="<h1>One</h1><p>Some text to read aloud here.</p>"))
    assert doc.author == "Ann Author" and doc.title == "Field Notes"


@pytest.mark.parametrize(("tag", "expected"), [
    ("C", ""),  # Pandoc in a C locale
    ("POSIX", ""),
    ("und", ""),
    ("mul", ""),
    ("en_US.UTF-8", "en_US"),
    ("fr-CA", "fr-CA"),
    ("en", "en"),
    ("", ""),
])
def test_a_declared_language_that_names_none_is_no_language(tag, expected):
    from litetts_cli.ingest.language import declared

    assert declared(tag) == expected


def test_a_pandoc_book_made_in_a_c_locale_is_read_in_its_own_language(tmp_path):
    # Pandoc with LANG=C writes <dc:language>C</dc:language> and xml:lang="C" on each page:
    # "litetts book" stopped with "Kokoro has no c voice (c)".
    from litetts_cli.book.languages import reading_for

    prose = "The river ran past the old mill, and the miller's daughter watched the boats go by each morning. " * 40
    metadata = '<dc:identifier id="id">x</dc:identifier><dc:title>Mill</dc:title><dc:language>C</dc:language>'
    chapter = f'<h1>One</h1><p xml:lang="C">{prose}</p>'
    doc = load_document(handmade_epub(tmp_path / "mill.epub", metadata=metadata, chapter=chapter))
    assert doc.language.startswith("en")
    assert reading_for(doc.chapters[0], doc, None).voice.startswith(("af_", "am_", "bf_", "bm_"))


def test_a_word_file_made_by_python_docx_has_no_author(tmp_path):
    # python-docx's default template says <dc:creator>python-docx</dc:creator>: a report a
    # script wrote came out as an audiobook "by python-docx".
    import docx

    document = docx.Document()
    document.add_heading("Quarterly Report", 1)
    document.add_paragraph("Sales rose in the spring and fell again when the rains came. " * 4)
    document.save(tmp_path / "report.docx")
    assert load_document(tmp_path / "report.docx").author == ""
