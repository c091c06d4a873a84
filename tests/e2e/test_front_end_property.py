"""Arbitrary Unicode through normalize and phonemize: never raises, never drops all the
letters of a non-empty input, never exceeds the chunk budget (issue: normalizer)."""

from __future__ import annotations

from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from litetts_cli.engine.chunking import plan_chunks
from litetts_cli.g2p.espeak import phonemize
from litetts_cli.g2p.languages import g2p_for
from litetts_cli.g2p.tokens import MAX_TOKENS
from litetts_cli.normalize import Normalizer, NormalizeOptions

NORMALIZE = Normalizer(NormalizeOptions()).normalize
EN = partial(phonemize, language="en-us")


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=600))
def test_front_end_never_raises_and_keeps_the_budget(text):
    chunks = plan_chunks(NORMALIZE(text), EN)
    assert all(c.token_count <= MAX_TOKENS for c in chunks)
    if any(ch.isascii() and ch.isalpha() for ch in text):
        assert any(c.token_count for c in chunks), "every letter of the input was dropped"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["$1,250.75", "Dr.", "XIV", "https://a.io/x", "3/4", "lead", "—", "😀", "ﬁ", "\u00ad", "[pause:1s]", "Hello", "\n\n"]), min_size=1, max_size=200))
def test_long_mixed_input_keeps_the_budget(tokens):
    chunks = plan_chunks(NORMALIZE(" ".join(tokens)), EN)
    assert all(c.token_count <= MAX_TOKENS for c in chunks)


CJK_PIECES = ["今日は", "2024年3月5日", "3本", "¥1,500", "15:30", "50%", "-5", "第3章", "iPhone", "。", "、",
              "「はい。」", "我有2个苹果", "13800138000", "3.14", "１２３", "①", "٣", "²", "ｶﾀｶﾅ", "々", "〜", "😀",
              "\n\n", " ", "？", "！", "《书》", "Hello", "[pause:1s]"]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["ja", "zh"]), st.lists(st.sampled_from(CJK_PIECES), min_size=1, max_size=120))
def test_japanese_and_chinese_front_ends_never_raise_and_keep_the_budget(language, pieces):
    """Issue 18: CJK normalize -> phonemize -> chunk on mixed input, digits of other
    scripts, half-width kana, emoji and markup included."""
    g2p = g2p_for(language)
    normalize = Normalizer(NormalizeOptions(language=language)).normalize
    chunks = plan_chunks(normalize("".join(pieces)), g2p.phonemize, split_words=g2p.split_words)
    assert all(c.token_count <= MAX_TOKENS for c in chunks)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["ja", "zh"]), st.text(min_size=1, max_size=200))
def test_japanese_and_chinese_phonemizers_take_any_text(language, text):
    g2p = g2p_for(language)
    assert "".join(g2p.split_words(text)) == text
    g2p.phonemize(Normalizer(NormalizeOptions(language=language)).normalize(text))
