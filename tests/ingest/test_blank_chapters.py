"""A chapter left blank on purpose keeps its own title; a part's title page still joins
the chapter after it (Tristram Shandy, Book IX, chapters XVIII and XIX)."""

from __future__ import annotations

import pytest
from ebooklib import epub

from litetts_cli.ingest import load_document
from tests.ingest.ingest_books import BookSpec, Page, write_book

_TEXT = "<p>My uncle Toby and the corporal marched down the avenue to the door.</p>"


def _chapter(name: str, number: str, body: str, kind: str = "chapter") -> Page:
    return Page(f"{name}.xhtml", f'<section epub:type="{kind}"><h3>{number}</h3>{body}</section>',
                body_attrs='epub:type="bodymatter"')


@pytest.mark.parametrize(
    "pages, toc, expected",
    [
        # Standard Ebooks: blank chapters typed "chapter", under a part in a nested contents.
        ([Page("book9.xhtml", '<section epub:type="part"><h2>Book IX</h2></section>'),
          _chapter("c17", "XVII", _TEXT), _chapter("c18", "XVIII", ""), _chapter("c19", "XIX", ""),
          _chapter("c20", "XX", _TEXT)],
         [(epub.Section("Book IX", "book9.xhtml"),
           [epub.Link(f"c{n}.xhtml", t, f"c{n}") for n, t in ((17, "XVII"), (18, "XVIII"), (19, "XIX"), (20, "XX"))])],
         [("Book IX: XVII", True), ("Book IX: XVIII", False), ("Book IX: XIX", False), ("Book IX: XX", True)]),
        # A flat contents: the blank chapter still stands alone.
        ([_chapter("c1", "I", _TEXT), _chapter("c2", "II", ""), _chapter("c3", "III", _TEXT)],
         [epub.Link(f"c{n}.xhtml", t, f"c{n}") for n, t in ((1, "I"), (2, "II"), (3, "III"))],
         [("I", True), ("II", False), ("III", True)]),
        # A part's title page, typed or not, joins the chapter that follows it.
        ([_chapter("p1", "Book the First", "", kind="part"), _chapter("c1", "I", _TEXT)],
         [epub.Link("p1.xhtml", "Book the First", "p1"), epub.Link("c1.xhtml", "I", "c1")],
         [("Book the First: I", True)]),
        ([Page("p1.xhtml", "<h2>The Voyage Out</h2>"), _chapter("c1", "I", _TEXT)],
         [epub.Link("p1.xhtml", "The Voyage Out", "p1"), epub.Link("c1.xhtml", "I", "c1")],
         [("The Voyage Out: I", True)]),
    ],
    ids=["se-nested", "flat", "typed-part", "untyped-title-page"],
)
def test_a_blank_chapter_keeps_its_own_title(tmp_path, pages, toc, expected):
    doc = load_document(write_book(tmp_path / "book.epub", BookSpec(pages, toc=toc)))
    assert [(c.title, c.word_count > 2) for c in doc.chapters] == expected


def _untyped(name: str, heading: str, body: str) -> Page:
    """A page as Calibre or Pandoc write it: no epub:type, the chapter's title as its heading."""
    return Page(f"{name}.xhtml", f"<h2>{heading}</h2>{body}")


def _flat(*titles: str) -> list:
    return [epub.Link(f"c{n}.xhtml", t, f"c{n}") for n, t in enumerate(titles, start=1)]


@pytest.mark.parametrize(
    "pages, toc, expected",
    [
        # Gutenberg's Tristram Shandy through Calibre: blank chapters with nothing but their
        # heading (or an h3 "(blank page)") are chapters, not "Chapter 4.LXXVII.: Chapter 4.LXXVIII.: ...".
        ([_untyped("c1", "Chapter 4.LXXVI.", _TEXT), _untyped("c2", "Chapter 4.LXXVII.", "<h3>(blank page)</h3>"),
          _untyped("c3", "Chapter 4.LXXVIII.", ""), _untyped("c4", "Chapter 4.LXXIX.", _TEXT)],
         _flat("Chapter 4.LXXVI.", "Chapter 4.LXXVII.", "Chapter 4.LXXVIII.", "Chapter 4.LXXIX."),
         [("Chapter 4.LXXVI.", True), ("Chapter 4.LXXVII.", False), ("Chapter 4.LXXVIII.", False),
          ("Chapter 4.LXXIX.", True)]),
        # Bare numerals, and a chapter of one heading-sized sentence ("My uncle Toby's Map is
        # carried down into the kitchen." is the whole of Chapter 4.LXXXVI).
        ([_untyped("c1", "XVII", _TEXT), _untyped("c2", "XVIII", "<h3>My uncle Toby's Map is carried down into the kitchen.</h3>"),
          _untyped("c3", "XIX", _TEXT)],
         _flat("XVII", "XVIII", "XIX"), [("XVII", True), ("XVIII", True), ("XIX", True)]),
        # Still a title page: a part before its first chapter, an act before its scene, or a
        # chapter's first page before its second, titled alike.
        ([_untyped("c1", "Act I", ""), _untyped("c2", "Scene I", _TEXT)], _flat("Act I", "Scene I"),
         [("Act I: Scene I", True)]),
        ([_untyped("c1", "I", ""), _untyped("c2", "Chapter 1", _TEXT)], _flat("I", "Chapter 1"),
         [("I: Chapter 1", True)]),
        ([_untyped("c1", "Chapter 1", ""), _untyped("c2", "Chapter 1", _TEXT)], _flat("Chapter 1", "Chapter 1"),
         [("Chapter 1", True)]),
    ],
    ids=["gutenberg-calibre", "bare-numerals", "act-scene", "part-numeral", "same-title"],
)
def test_an_untyped_blank_chapter_keeps_its_own_title(tmp_path, pages, toc, expected):
    doc = load_document(write_book(tmp_path / "book.epub", BookSpec(pages, toc=toc)))
    assert [(c.title, c.word_count > 6) for c in doc.chapters] == expected  # a blank one: title and "(blank page)"
