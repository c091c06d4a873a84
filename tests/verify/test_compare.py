"""The proofreading comparison (verify/compare.py): which differences are suspect, and why."""

from __future__ import annotations

import re

import pytest

from litetts_cli.g2p.languages import g2p_for
from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.verify.compare import HeardChunk, canonical_words, compare_chapter

NORMALIZE = Normalizer(NormalizeOptions(language="en-us")).normalize
PHONEMIZE = g2p_for("en-us").phonemize


def suspects(text: str, heard: str, lexicon=(), seconds: float = 10.0, title: str = "One"):
    found = compare_chapter(1, title, text, [HeardChunk(1, 100.0, seconds, heard)], NORMALIZE, lexicon, PHONEMIZE)
    return [(s.expected, s.heard, s.cause) for s in found]


@pytest.mark.parametrize("text, heard", [
    ("The boats came in before dawn.", "The boats came in before dawn."),
    # Numbers, money and abbreviations compare as read, however Whisper writes them.
    ("On the 3rd of May 1998 it cost $5.", "On the third of May, 1998, it cost five dollars."),
    ("Dr. Lucas met Mrs. Bennet.", "Doctor Lucas met Mrs. Bennett."),
    ("He was 25 years old.", "He was twenty-five years old."),
    # Spelling variants of one word, and a function word dropped or added.
    ("The grey sky today.", "The gray sky to-day."),
    ("She saw the ship at the harbour.", "She saw ship at the harbor."),
    ("Everyone came.", "Every one came."),
    # Heard on a clean chapter of Pride and Prejudice (docs/verify.md).
    ("“Lizzy,” said he.", "Lizzie, said he."),
    ("It suddenly struck her.", "It's suddenly struck her."),
    ("So well hushed up, and am only concerned that their living", "So well hushed up, and I'm only concerned that they're living"),
    ("more effectually to what they related", "more effectively to what they related"),
    # Homophones, from the held-out chapter 1.
    ("in a chaise and four", "in a shays and four"),
])
def test_clean_readings_are_not_suspect(text, heard):
    assert suspects(text, heard) == []


@pytest.mark.parametrize("text, heard, lexicon, expected", [
    ("He had lived in the village for years.", "He had lived in the butter for years.",
     [re.compile(r"(?i)(?<![\w\[])(village)(?![\w\]])")], [("village", "butter", "lexicon entry")]),
    ("It cost less than $5 at the market in Xqorthyx.", "It cost less than $5 at the market in Excorvix.",
     [], [("xqorthyx", "excorvix", "unknown word or name")]),
    ("It cost $50 in all.", "It cost $15 in all.", [], [("fifty", "fifteen", "number or abbreviation")]),
    ("The cat sat on the warm mat by the door.", "The cat sat on the storm hat by the door.",
     [], [("warm mat", "storm hat", "misheard")]),
    # A whole clause missing is listed (skipped or swallowed audio).
    ("She ran home. The door was open and the lamp was lit.", "She ran home.",
     [], [("the door was open and the lamp was lit", "", "misheard")]),
])
def test_planted_mistakes_are_listed_with_a_cause(text, heard, lexicon, expected):
    assert suspects(text, heard, lexicon) == expected


@pytest.mark.parametrize("title, heard, expected", [
    # A chapter titled with one letter: said alone, a letter gives Whisper nothing to spell it by.
    ("T", "See. The boats came in.", []),
    ("I", "Hi. The boats came in.", []),
    ("I", "The boats came in.", []),
    # ... but a title heard as more than one word, and a letter inside the prose, are still listed.
    ("T", "See you. The boats came in.", [("t", "see you", "misheard")]),
    ("One", "One. The boats see came in.", [("b", "see", "unknown word or name")]),
])
def test_a_one_letter_chapter_title(title, heard, expected):
    body = "The boats came in." if title != "One" else "The boats B came in."
    assert suspects(f"{title}\n\n{body}", heard, title=title) == expected


def test_a_rushed_chunk_is_blamed_on_speed():
    text = "The cat sat on the warm mat by the door."
    assert suspects(text, "The cat sat on the storm hat by the door.", seconds=1.5)[0][2] == "too fast"


def test_the_time_is_where_the_passage_is_heard():
    found = compare_chapter(
        1, "One", "One two three. Four five six.",
        [HeardChunk(1, 0.0, 3.0, "One two three."), HeardChunk(1, 10.0, 3.0, "Four fife sticks.")], NORMALIZE,
    )
    assert [(s.expected, s.heard) for s in found] == [("five six", "fife sticks")]
    assert found[0].time_s == pytest.approx(11.0)


@pytest.mark.parametrize("text, words", [
    ("Mr. Darcy’s 2 dogs—both grey.", ["mister", "darcy's", "two", "dogs", "both", "grey"]),
    ("[Kokoro](/kəkˈɔːɹoʊ/) speaks.", ["kokoro", "speaks"]),
])
def test_canonical_words(text, words):
    assert canonical_words(text, NORMALIZE) == words
