"""Every Kokoro language but English: written input -> normalized text -> phonemes
(issue 18), one table file per language in ``tests/g2p/tables``: numbers, ordinals,
dates, times, money, percentages, units, abbreviations and mixed scripts (an English
brand in French text, Latin words in Hindi, ASCII and full-width digits in Japanese and
Chinese). The phonemes are what synthesis sends to the model."""

import pytest

from litetts_cli.g2p.languages import g2p_for
from litetts_cli.g2p.tokens import vocab
from litetts_cli.normalize import NormalizeOptions, Normalizer
from tests.g2p.language_tables import LANGUAGES, load_table

ROWS = [(name, *row) for name in LANGUAGES for row in load_table(name)]


@pytest.fixture(scope="module")
def normalizers():
    return {name: Normalizer(NormalizeOptions(language=code, strict=True)).normalize for name, code in LANGUAGES.items()}


@pytest.mark.parametrize("name, text, normalized, phonemes", ROWS, ids=[f"{r[0]}-{i}" for i, r in enumerate(ROWS)])
def test_input_to_normalized_text_to_phonemes(name, text, normalized, phonemes, normalizers):
    assert normalizers[name](text) == normalized
    assert g2p_for(LANGUAGES[name]).phonemize(normalized) == phonemes


@pytest.mark.parametrize("name", LANGUAGES)
def test_every_phoneme_is_in_kokoros_vocabulary(name):
    # Characters outside the vocabulary are dropped before synthesis (silently lost
    # sounds); the only ones allowed carry no sound of their own: espeak-ng's liaison
    # hyphens and its dental mark (t̪ is read as t), both of which Kokoro never saw.
    known = set(vocab()) | {"-", "\u032a"}
    unknown = {ch for _, _, phonemes in load_table(name) for ch in phonemes} - known
    assert not unknown, unknown


@pytest.mark.parametrize("name", LANGUAGES)
def test_every_language_has_forty_rows(name):
    assert len(load_table(name)) >= 40
