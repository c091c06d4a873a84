"""Arbitrary Unicode through normalize and phonemize: never raises, never drops all the
letters of a non-empty input, never exceeds the chunk budget (issue: normalizer)."""

from __future__ import annotations

from functools import partial

from hypothesis import given, settings
from hypothesis import strategies as st

from litetts_cli.engine.chunking import plan_chunks
from litetts_cli.g2p.espeak import phonemize
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
