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


def test_a_french_chapter_number_is_french():
    planned = plan_book([(1, Chapter("XII", ["Il pleuvait."]))], _speaker("fr-fr"))
    assert planned[0].chunks[0].text.strip() == "Chapitre douze."
