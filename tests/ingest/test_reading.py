"""Word counts and reading-time estimates in languages written without spaces (issue 18)."""

import pytest

from litetts_cli.ingest import Chapter, Document, chapter_table
from litetts_cli.ingest.reading import CHARACTERS_PER_SECOND, WORDS_PER_SECOND, count_words, reading_seconds


@pytest.mark.parametrize(
    "text, words",
    [
        ("The boats came in before dawn.", 6),
        ("Hello — world", 3),  # text with spaces counts as it always did
        ("北京是中国的首都。", 8),
        ("今日は良い天気ですね。", 10),
        ("我喜欢iPhone手机。", 6),
        ("「はい。」と彼は言った。", 8),
        ("日本語 and English", 5),
        ("", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


@pytest.mark.parametrize(
    "text, seconds",
    [
        ("one two three four five six seven eight nine ten", 10 / WORDS_PER_SECOND),
        ("北京是中国的首都。", 8 / CHARACTERS_PER_SECOND["zh"]),
        ("今日は良い天気ですね。", 10 / CHARACTERS_PER_SECOND["ja"]),
        ("我喜欢iPhone手机。", 5 / CHARACTERS_PER_SECOND["zh"] + 1 / WORDS_PER_SECOND),
    ],
)
def test_reading_seconds(text, seconds):
    assert reading_seconds(text) == pytest.approx(seconds)
    assert reading_seconds([text, text], speed=2.0) == pytest.approx(seconds)


def test_a_chinese_chapter_without_spaces_is_estimated_by_its_characters():
    # Was one "word" (0.4 s) for 2,000 characters.
    paragraph = ("北京是中华人民共和国的首都也是全国的政治中心" * 100)[:2000]
    row = chapter_table(Document(chapters=[Chapter("一", [paragraph])]))[0]
    assert row["words"] == 2000
    assert row["duration_s"] == pytest.approx(2000 / CHARACTERS_PER_SECOND["zh"])
    assert 5 * 60 < row["duration_s"] < 15 * 60
