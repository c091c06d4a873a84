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


LONG_FIRST = (
    "When the old lighthouse keeper finally retired, after forty years of watching the grey northern sea, "
    "the village gave him a small party in the hall by the harbour. "
)


def test_long_first_sentence_is_cut_after_its_first_clause_for_fast_first_audio():
    """Issue 12: the first streamed chunk is small, so audio starts after one short call."""
    text = LONG_FIRST + " ".join(f"Sentence number {i} is here and says a few more words." for i in range(30))
    chunks = plan_chunks(text, en)
    assert chunks[0].text == "When the old lighthouse keeper finally retired,"
    assert chunks[0].boundary == "clause"
    assert " ".join(c.text for c in chunks).split() == text.split()


@pytest.mark.parametrize("first, ramp", [(48, 2.0), (48, 1.5), (80, 3.0)])
def test_chunk_budgets_grow_from_the_first_to_the_target(first, ramp):
    options = ChunkOptions(first_chunk_tokens=first, ramp=ramp)
    text = LONG_FIRST + " ".join(f"Sentence number {i} is here and says a few more words." for i in range(40))
    chunks = plan_chunks(text, en, options)
    sizes = [c.token_count for c in chunks]
    assert all(size <= options.budget(n) for n, size in enumerate(sizes[1:], start=1))
    assert sizes[1] < sizes[4] and max(sizes) > options.budget(1)
    assert [options.budget(n) for n in range(6)] == [min(250, int(first * ramp**n)) for n in range(6)]


_CLAUSES = ["When the old lighthouse keeper finally retired,", "after forty years of watching the grey northern sea,",
            "the village gave him a small party in the hall by the harbour."]


@pytest.mark.parametrize(
    "chunks_before, expected",
    [
        # Past the ramp (chunk 5 may hold the 250-token target): the sentence stays whole.
        (5, [" ".join(_CLAUSES)]),
        # Chunk 3 may hold 80 tokens and chunk 4 160: cut after its clauses, packed within those.
        (3, [_CLAUSES[0], " ".join(_CLAUSES[1:])]),
        # Chunks 1-3 may hold 20, 40 and 80: each clause alone, none cut inside.
        (1, _CLAUSES),
    ],
)
def test_the_ramp_goes_on_across_paragraphs_and_cuts_a_long_sentence_at_its_clauses(chunks_before, expected):
    """Not the stream's first text: nothing is sealed as a first chunk, but while chunks
    are still growing a sentence longer than its chunk's budget is cut after its clauses."""
    options = ChunkOptions(first_chunk_tokens=10, chunks_before=chunks_before)
    chunks = plan_chunks(LONG_FIRST, en, options)
    assert [c.text for c in chunks] == expected
    assert [c.boundary for c in chunks] == ["clause"] * (len(expected) - 1) + ["paragraph"]
    assert options.after(2).chunks_before == chunks_before + 2


def test_a_book_packs_every_chunk_to_the_target():
    text = "Hello there. This is two. And three."
    chunks = plan_chunks(text, en, ChunkOptions(first_chunk_tokens=None))
    assert [c.text for c in chunks] == [text]


def test_a_long_first_sentence_keeps_its_inline_phonemes():
    """Cutting the first sentence at a clause phonemized its text again, and the book's
    own pronunciation ([word](/IPA/), from PLS lexicons and ssml:ph) was lost."""
    text = "[Thirty degrees](/ˈθɜrti dɪˈgriz/) " + LONG_FIRST[len("When "):] + " Next one."
    chunks = plan_chunks(text, en)
    assert "ˈθɜrti dɪˈgriz" in chunks[0].phonemes
    assert " ".join(c.text for c in chunks).split() == ("Thirty degrees " + LONG_FIRST[len("When "):] + " Next one.").split()


def test_first_sentence_without_clauses_stays_whole():
    sentence = " ".join(["word"] * 40) + "."
    chunks = plan_chunks(sentence + " Next one.", en)
    assert chunks[0].text == sentence


def test_a_clause_ends_inside_a_closing_quote():
    text = "“My dear fellow,” said Sherlock Holmes as we sat on either side of the fire in his rooms at Baker Street, “life is strange.”"
    chunks = plan_chunks(text, en)
    assert chunks[0].text == "“My dear fellow,”"
    assert " ".join(c.text for c in chunks).split() == text.split()


@pytest.mark.parametrize("text, first", [
    # Love Among the Chickens: the cut fell inside the quotation, before its "sir".
    ("“A gentleman called to see you when you were out last night, sir,” said Mrs. Medley, "
     "my landlady, removing the last of the breakfast things.",
     "“A gentleman called to see you when you were out last night, sir,”"),
    ('"A gentleman called to see you when you were out last night, sir," said Mrs. Medley, '
     "my landlady, removing the last of the breakfast things.",
     '"A gentleman called to see you when you were out last night, sir,"'),
    ("„Ein Herr hat Sie gestern Abend besucht, als Sie nicht da waren, mein Herr“, sagte Frau Medley, "
     "meine Wirtin, und räumte das Frühstücksgeschirr ab, das noch auf dem Tisch stand.",
     "„Ein Herr hat Sie gestern Abend besucht, als Sie nicht da waren, mein Herr“,"),
    # Outside quotation marks the cut after the first clause stays.
    ("A gentleman called to see you when you were out last night, sir, said Mrs. Medley, "
     "my landlady, removing the last of the breakfast things.",
     "A gentleman called to see you when you were out last night,"),
])
def test_a_streamed_cut_does_not_fall_inside_a_quotation(text, first):
    chunks = plan_chunks(text, en)
    assert chunks[0].text == first
    assert " ".join(c.text for c in chunks).split() == text.split()


@pytest.mark.parametrize("text, shown", [
    # The normalizer marks homographs inline; joining the pieces put a space before the comma.
    ('In their [lives](/lˈaɪvz/)," and he went.', 'In their lives," and he went.'),
    ("He [read](/ɹˈɛd/); then slept.", "He read; then slept."),
    ('They [read](/ɹˈɛd/) "Hamlet" then.', 'They read "Hamlet" then.'),
    ("A [tear](/tˈɪɹ/) rolled.", "A tear rolled."),
])
def test_text_around_inline_phonemes_keeps_its_spacing(text, shown):
    assert [c.text for c in plan_chunks(text, en, ChunkOptions(first_chunk_tokens=None))] == [shown]
