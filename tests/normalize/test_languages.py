"""Per-language normalization (issue 18). The tables of Spanish, French, Italian,
Brazilian Portuguese and Hindi numbers, ordinals, dates, times, money, percentages,
units and abbreviations, with their phonemes, are ``tests/g2p/tables/<language>.tsv``
(run by ``tests/g2p/test_language_tables.py``); here, Hindi inside English text.
"""

import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("मेरे पास 25 किताबें हैं। I have 25 books.", "मेरे पास पच्चीस किताबें हैं। I have twenty-five books."),
        ("He said: मेरे पास 3 किताबें हैं।", "He said: मेरे पास तीन किताबें हैं।"),
        ("The 2 of us. दोनों 2 थे।", "The two of us. दोनों दो थे।"),
    ],
)
def test_hindi_sentences_in_english_text_get_hindi_numbers(text, expected):
    assert Normalizer(NormalizeOptions(language="en-us", strict=True)).normalize(text) == expected
