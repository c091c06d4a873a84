"""Chapter selection (--chapters) and the chapter table (--list-chapters)."""

from __future__ import annotations

import pytest

from litetts_cli.errors import UsageError
from litetts_cli.ingest import Chapter, Document, chapter_table, select_chapters
from litetts_cli.ingest.reading import WORDS_PER_SECOND

CHAPTERS = [Chapter(f"C{n}", [f"text {n}"]) for n in range(1, 11)]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("1", [1]),
        ("10", [10]),
        ("1-3", [1, 2, 3]),
        ("1-3,7", [1, 2, 3, 7]),
        (" 2 - 4 , 9 ", [2, 3, 4, 9]),
        ("7,1", [1, 7]),
        ("3,3,2-3", [2, 3]),
        ("8-", [8, 9, 10]),
        ("2–3", [2, 3]),
        ("4..5", [4, 5]),
        ("5-5", [5]),
        ("1,", [1]),
        ("all", list(range(1, 11))),
        ("ALL", list(range(1, 11))),
    ],
)
def test_select_chapters(spec, expected):
    assert [c.title for c in select_chapters(CHAPTERS, spec)] == [f"C{n}" for n in expected]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "the chapter selection is empty"),
        ("   ", "the chapter selection is empty"),
        (",", "names no chapters"),
        ("0", "numbered from 1"),
        ("0-2", "numbered from 1"),
        ("11", "chapter 11 does not exist: this book has 10 chapter(s)"),
        ("9-12", "chapter 12 does not exist"),
        ("12-", "chapter 12 does not exist"),
        ("5-3", "the range 5-3 runs backwards"),
        ("one", "'one' in the chapter selection 'one' is neither a number, a range nor a chapter or part title"),
        ("1;2", "'1;2'"),
        ("-3", "'-3'"),
        ("1-2-3", "'1-2-3'"),
        ("1.5", "'1.5'"),
    ],
)
def test_bad_chapter_selection_is_a_usage_error(spec, message):
    with pytest.raises(UsageError) as caught:
        select_chapters(CHAPTERS, spec)
    assert message in caught.value.one_line()
    assert caught.value.hint


def test_chapter_table_words_and_duration():
    doc = Document(chapters=[Chapter("One", ["word " * 150]), Chapter("Two", ["a b c", "d e f g h i"])])
    assert chapter_table(doc) == [
        {"index": 1, "title": "One", "words": 150, "duration_s": pytest.approx(150 / WORDS_PER_SECOND)},
        {"index": 2, "title": "Two", "words": 9, "duration_s": pytest.approx(9 / WORDS_PER_SECOND)},
    ]
    fast = chapter_table(doc, speed=1.5)
    assert fast[0]["duration_s"] == pytest.approx(150 / WORDS_PER_SECOND / 1.5)
    assert chapter_table(doc, speed=0.5)[0]["duration_s"] == pytest.approx(300 / WORDS_PER_SECOND)


@pytest.mark.parametrize("speed", [0, -1.0, float("nan")])
def test_chapter_table_rejects_bad_speed(speed):
    with pytest.raises(UsageError, match="not positive"):
        chapter_table(Document(chapters=[]), speed=speed)
