"""The prose scan over real novels of the corpus finds nothing a narrator would not say
(issue 11): no chapter number read as letters, no "Street" before a saint's name, no
old money read as seconds, no digits left in the spoken text."""

from pathlib import Path

import pytest

from tests.corpus.prose_scan import scan_book

BOOKS = Path(__file__).parent / "books"
SCANNED = [
    "pride-and-prejudice",  # chapters titled "I" ... "LXI"
    "the-time-machine",
    "adventures-of-sherlock-holmes",  # Lord St. Simon, 7s. 6d., 221B
    "a-tale-of-two-cities",  # Rue St. Honoré
    "candide",  # Achmet III (b. 1673, d. 1739)
    "frankenstein",  # Letter III
    "wasteland",
    "georgia-pls-ssml",  # the book's own pronunciations as markup
]


@pytest.mark.parametrize("name", SCANNED)
def test_scan_of_a_real_book_finds_nothing(name):
    report = scan_book(BOOKS / f"{name}.epub")
    assert report["paragraphs"] > 40  # the book was read (The Waste Land: 50 titles and stanzas)
    found = {check: rows[:3] for check, rows in report["findings"].items() if rows}
    assert found == {}
