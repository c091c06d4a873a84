"""Chapter titles and in-chapter headings become speech through one function (issue 11)."""

import numpy as np
import pytest

from litetts_cli.book.plan import plan_book
from litetts_cli.engine.voices import Voice
from litetts_cli.ingest import Chapter
from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.speech import Speaker


def _speaker(language: str) -> Speaker:
    voice = Voice("bf_emma", np.zeros((510, 1, 256), dtype=np.float32), language)
    return Speaker(None, voice, normalize=Normalizer(NormalizeOptions(language=language)).normalize)


@pytest.mark.parametrize(
    "chapter, spoken",
    [
        (Chapter("XXVI", ["XXVI", "It was late."], heading_indices=[0]), ["Chapter Twenty-Six.", "It was late."]),
        (Chapter("VIII.", ["It was late."]), ["Chapter Eight.", "It was late."]),
        (Chapter("Part I: I", ["Part I", "I", "It was late."], heading_indices=[0, 1]),
         ["Part one: Chapter One.", "It was late."]),
        # A later scene names its act (ingest qualifies the title); its own heading is not read again.
        (Chapter("Act IV: Scene VII", ["Scene VII", "It was late."], heading_indices=[0]),
         ["Act four: Scene seven.", "It was late."]),
        # Poe: the abbreviation's period is not a sentence end inside the title.
        (Chapter("MS. Found in a Bottle", ["MS. Found in a Bottle", "It was late."], heading_indices=[0]),
         ["manuscript Found in a Bottle.", "It was late."]),
        # A heading with a phrase in its own language (phoneme markup from ingest) is still the title.
        (Chapter("Slawkenbergii Fabella", ["[Slawkenbergii](/slaʊkˈɛnbɛrɡɪi/) [Fabella](/fabˈɛlla/)", "It was late."],
                 heading_indices=[0]), ["Slawkenbergii Fabella.", "It was late."]),
        (
            Chapter("A Scandal in Bohemia", ["A Scandal in Bohemia", "I", "To Sherlock Holmes.", "II", "At three."],
                    heading_indices=[0, 1, 3]),
            ["A Scandal in Bohemia.", "One", "To Sherlock Holmes.", "Two", "At three."],
        ),
    ],
)
def test_titles_and_headings_are_announced_as_numbers(chapter, spoken):
    planned = plan_book([(1, chapter)], _speaker("en-gb"))
    assert [c.text.strip() for c in planned[0].chunks] == spoken


@pytest.mark.parametrize("chapter, spoken", [
    # Gutenberg's Jack Sheppard as a web page: the epoch's title, year and name, then the
    # chapter's; read as they stand, "Chapter I" once (it was said as the title, then again).
    (Chapter("EPOCH THE FIRST: CHAPTER I.", ["EPOCH THE FIRST.", "1703.", "JONATHAN WILD.", "CHAPTER I.",
                                            "The Widow and her Child.", "It was late."],
             heading_indices=[0, 1, 2, 3, 4]),
     ["Epoch The First.", "One Thousand Seven Hundred And Three", "Jonathan Wild.", "Chapter one.",
      "The Widow and her Child.", "It was late."]),
    # With nothing between the part's heading and the chapter's, the joined title says both.
    (Chapter("EPOCH THE FIRST: CHAPTER I.", ["EPOCH THE FIRST.", "CHAPTER I.", "The Widow and her Child.",
                                            "It was late."], heading_indices=[0, 1, 2]),
     ["Epoch The First: Chapter one.", "The Widow and her Child.", "It was late."]),
    # A later chapter of the part: its own title only, said once.
    (Chapter("CHAPTER II.", ["CHAPTER II.", "The Old Mint.", "It was late."], heading_indices=[0, 1]),
     ["Chapter two.", "The Old Mint.", "It was late."]),
    # The headings say the title in its own order: the title is said, they are not again.
    (Chapter("Part I: I", ["Part I", "I", "It was late."], heading_indices=[0, 1]),
     ["Part one: Chapter One.", "It was late."]),
])
def test_a_part_heading_block_is_read_once_in_order(chapter, spoken):
    planned = plan_book([(1, chapter)], _speaker("en-gb"))
    assert [c.text.strip() for c in planned[0].chunks] == spoken


def test_a_french_chapter_number_is_french():
    planned = plan_book([(1, Chapter("XII", ["Il pleuvait."]))], _speaker("fr-fr"))
    assert planned[0].chunks[0].text.strip() == "Chapitre douze."


_HGROUP = '<hgroup><h2 epub:type="ordinal z3998:roman">I</h2><p epub:type="title">A Voyage to Lilliput</p></hgroup>'


@pytest.mark.parametrize("label, hgroup, spoken", [
    # Standard Ebooks: the number as <h2>, the chapter's name as <p epub:type="title"> (Gulliver's Travels).
    ("I: A Voyage to Lilliput", _HGROUP, ["One: A Voyage to Lilliput.", "It was late."]),
    ("I", _HGROUP, ["Chapter One.", "A Voyage to Lilliput", "It was late."]),
    # A plain paragraph under the number is text.
    ("I", "<h2>I</h2><p>A voyage began.</p>", ["Chapter One.", "A voyage began.", "It was late."]),
])
def test_a_title_paragraph_under_the_number_is_not_read_twice(tmp_path, label, hgroup, spoken):
    from ebooklib import epub

    from litetts_cli.ingest import load_document
    from tests.ingest.ingest_books import BookSpec, Page, write_book

    page = Page("c1.xhtml", f"<section>{hgroup}<p>It was late.</p></section>")
    doc = load_document(write_book(tmp_path / "b.epub", BookSpec([page], toc=[epub.Link("c1.xhtml", label, "c1")])))
    planned = plan_book([(1, doc.chapters[0])], _speaker("en-gb"))
    assert [c.text.strip() for c in planned[0].chunks] == spoken


@pytest.mark.parametrize("chapter, boundaries", [
    # Tristram Shandy's blank chapter: its title is its whole track, and a chapter's pause ends it.
    (Chapter("Book IX: XVIII", ["XVIII"], heading_indices=[0]), [("Book nine: Chapter Eighteen.", "chapter")]),
    (Chapter("Book IX: XX", ["XX", "Go."], heading_indices=[0]),
     [("Book nine: Chapter Twenty.", "heading"), ("Go.", "chapter")]),
])
def test_a_blank_chapter_is_its_title_then_a_chapter_pause(chapter, boundaries):
    planned = plan_book([(1, chapter)], _speaker("en-gb"))
    assert [(c.text.strip(), c.boundary) for c in planned[0].chunks] == boundaries
