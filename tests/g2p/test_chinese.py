"""Mandarin (issue 18). The input -> normalized text -> phonemes table is ``tables/zh.tsv``.

The phonemes are misaki's first-generation ("legacy") Chinese frontend: jieba words,
pypinyin, pinyin-to-IPA with tone arrows, no tone sandhi (as in Kokoro's training).
Numbers are cn2an's with our rules before it (两, times, money, units, phone numbers).
"""

import pytest

from litetts_cli.g2p.chinese import split_words
from litetts_cli.normalize import Normalizer, NormalizeOptions


@pytest.mark.parametrize("language", ["zh", "cmn", "zh-CN"])
def test_every_spelling_of_chinese_gets_chinese_numbers(language):
    assert Normalizer(NormalizeOptions(language=language)).normalize("我有2个苹果。") == "我有两个苹果。"


def test_words_join_back_into_the_text():
    text = "我喜欢 iPhone手机。"
    words = split_words(text)
    assert "".join(words) == text
    assert words[:2] == ["我", "喜欢 "]

