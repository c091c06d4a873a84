"""Japanese numbers, counters, words and sentences (issue 18).

The input -> normalized text -> phonemes table is ``tables/ja.tsv``: misaki's
first-generation frontend (cutlet over MeCab with unidic-lite), checked by reading:
counters and dates read as a Japanese speaker says them (サンボン, シガツ, ツイタチ,
ハタチ), Latin words as English.
"""

import pytest

from litetts_cli.engine.chunking import ChunkOptions, plan_chunks
from litetts_cli.g2p.japanese import phonemize, split_words
from litetts_cli.normalize.japanese import counter_reading, kanji_number


@pytest.mark.parametrize(
    "number, kanji",
    [(0, "ゼロ"), (1, "一"), (10, "十"), (11, "十一"), (100, "百"), (101, "百一"), (110, "百十"),
     (1000, "千"), (2024, "二千二十四"), (10000, "一万"), (10001, "一万一"), (123456789, "一億二千三百四十五万六千七百八十九"),
     (10**12, "一兆"), (-3, "マイナス三")],
)
def test_kanji_numbers(number, kanji):
    assert kanji_number(number) == kanji


@pytest.mark.parametrize(
    "number, counter, previous, reading",
    [(1, "本", "", "イッポン"), (3, "本", "", "サンボン"), (10, "本", "", "ジュッポン"),
     (11, "本", "", "十イッポン"), (20, "本", "", "二ジュッポン"), (100, "本", "", "百本"),
     (1, "日", "3月", "ツイタチ"), (1, "日", "", "イチニチ"), (20, "日", "", "ハツカ"),
     (25, "日", "", "二十五ニチ"), (4, "月", "", "シガツ"), (9, "時", "", "クジ"), (19, "時", "", "十クジ"),
     (20, "歳", "", "ハタチ"), (4, "人", "", "よにん"), (12, "人", "", "十二ニン")],
)
def test_counter_readings(number, counter, previous, reading):
    assert counter_reading(number, counter, previous) == reading


def test_words_join_back_into_the_text():
    text = "東京タワーで iPhoneを買った。"
    words = split_words(text)
    assert "".join(words) == text
    assert words[:3] == ["東京", "タワー", "で "]


def test_sentences_split_at_full_width_marks():
    chunks = plan_chunks("今日は晴れです。明日は雨でしょう！", phonemize, ChunkOptions(target_tokens=1))
    assert [c.text for c in chunks] == ["今日は晴れです。", "明日は雨でしょう！"]


def test_a_long_text_reads_like_its_sentences_one_by_one():
    # cutlet's word grouping is cubic in the length of its input (33 s for 1,600
    # characters); we call it per clause, which must not change what is read.
    sentence = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    assert phonemize(sentence * 100) == " ".join([phonemize(sentence)] * 100)
