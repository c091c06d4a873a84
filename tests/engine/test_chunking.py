import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litetts_cli.engine.chunking import ChunkOptions, plan_chunks
from litetts_cli.g2p.espeak import phonemize
from litetts_cli.g2p.tokens import MAX_TOKENS


def en(text: str) -> str:
    return phonemize(text, "en-us")


def test_first_sentence_is_its_own_chunk_then_sentences_are_packed():
    chunks = plan_chunks("Hello there. This is two. And three.", en)
    assert [c.text for c in chunks] == ["Hello there.", "This is two. And three."]
    assert [c.boundary for c in chunks] == ["sentence", "paragraph"]


def test_paragraphs_end_chunks_and_final_boundary_is_applied():
    chunks = plan_chunks("One. Two.\n\nThree.", en, final_boundary="chapter")
    assert [c.text for c in chunks] == ["One.", "Two.", "Three."]
    assert [c.boundary for c in chunks] == ["sentence", "paragraph", "chapter"]


def test_explicit_pause_ends_a_chunk():
    chunks = plan_chunks("Ready. Set [pause:1.5s] go now.", en)
    assert [(c.text, c.pause) for c in chunks] == [("Ready.", None), ("Set", 1.5), ("go now.", None)]


def test_inline_phonemes_are_used_verbatim():
    chunks = plan_chunks("I [read](/ɹˈɛd/) it.", en)
    assert chunks[0].phonemes == "ˈaɪ ɹˈɛd ɪt."
    assert chunks[0].text == "I read it."


def test_indices_continue_from_start_index():
    chunks = plan_chunks("A. B.\n\nC.", en, start_index=10)
    assert [c.index for c in chunks] == [10, 11, 12]


@pytest.mark.parametrize(
    "text",
    [
        # one long sentence with clauses
        ", ".join(f"clause number {i} goes on for a while" for i in range(60)) + ".",
        # long sentence with no punctuation at all
        " ".join(["unpunctuated"] * 400),
        # one unbroken run longer than a chunk
        "x" * 3000,
    ],
    ids=["clauses", "no-punctuation", "no-spaces"],
)
def test_long_text_fits_the_budget_and_keeps_every_word(text):
    chunks = plan_chunks(text, en)
    assert len(chunks) > 1
    assert max(c.token_count for c in chunks) <= MAX_TOKENS
    assert "".join(c.text.replace(" ", "") for c in chunks) == text.replace(" ", "")


def test_words_are_never_split():
    words = [f"word{i}" for i in range(300)]
    chunks = plan_chunks(" ".join(words), en)
    assert [w for c in chunks for w in c.text.split()] == words


def test_target_tokens_limits_packing():
    text = " ".join(f"Sentence number {i} is here." for i in range(40))
    chunks = plan_chunks(text, en, ChunkOptions(target_tokens=60))
    assert all(c.token_count <= 60 for c in chunks[1:])
    assert len(chunks) > 10


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_plans_within_budget(text):
    chunks = plan_chunks(text, en)
    assert all(c.token_count <= MAX_TOKENS for c in chunks)


@pytest.mark.parametrize(
    "text, phonemes",
    [
        # espeak reads a lone "A" as the letter; before inline phonemes it is the article.
        ("A [tear](/tˈɪɹ/) rolled down.", "ɐ tˈɪɹ ɹˈoʊld dˈaʊn."),
        ("She saw a [live](/lˈaɪv/) show.", "ʃiː sˈɔː ɐ lˈaɪv ʃˈoʊ."),
        ("Plan A [pause:1s] now.", "plˈæn ˈeɪ"),
    ],
)
def test_article_before_inline_phonemes(text, phonemes):
    assert plan_chunks(text, en)[0].phonemes == phonemes
