"""Chunking text written without spaces (issue 18): within the 510-token budget, and
cut only between the words of the language's own segmenter, never inside one."""

import pytest

from litetts_cli.engine.chunking import ChunkOptions, plan_chunks
from litetts_cli.g2p.languages import g2p_for
from litetts_cli.g2p.tokens import MAX_TOKENS


@pytest.mark.parametrize(
    "language, text",
    [
        # No 。 and no 、: nothing but the word splitter can cut these.
        ("ja", "日本語の文章をゆっくり読みます" * 60),
        ("zh", "北京是中华人民共和国的首都也是全国的政治中心" * 40),
    ],
)
def test_long_unpunctuated_text_is_cut_only_between_words_within_the_budget(language, text):
    g2p = g2p_for(language)
    chunks = plan_chunks(text, g2p.phonemize, ChunkOptions(), split_words=g2p.split_words)
    assert len(chunks) > 1
    assert all(0 < c.token_count <= MAX_TOKENS for c in chunks)
    assert "".join(c.text for c in chunks) == text
    word_ends, position = set(), 0
    for word in g2p.split_words(text):
        position += len(word)
        word_ends.add(position)
    cut, cuts = 0, []
    for chunk in chunks[:-1]:
        cut += len(chunk.text)
        cuts.append(cut)
    assert set(cuts) <= word_ends


@pytest.mark.parametrize(
    "language, clause, comma",
    [("zh", "北京是中华人民共和国的首都也是全国的政治中心", "，"), ("ja", "日本語の文章をゆっくり読みます", "、")],
)
def test_a_long_sentence_is_cut_at_its_commas(language, clause, comma):
    g2p = g2p_for(language)
    text = comma.join([clause] * 14) + "。"
    chunks = plan_chunks(text, g2p.phonemize, ChunkOptions(), split_words=g2p.split_words)
    assert len(chunks) > 1
    assert all(c.token_count <= MAX_TOKENS for c in chunks)
    assert all(c.text.endswith((comma, "。")) for c in chunks)
    assert "".join(c.text for c in chunks) == text
