"""Exact phonemes and ids: what the model is fed must not drift silently."""

import pytest

from litetts_cli.errors import G2PError
from litetts_cli.g2p.espeak import phonemize
from litetts_cli.g2p.languages import g2p_for, language_for_voice
from litetts_cli.g2p.tokens import keep_known, to_ids, vocab


@pytest.mark.parametrize(
    "text, language, phonemes",
    [
        ("Hello world.", "en-us", "həlˈoʊ wˈɜːld."),
        ("Hello world.", "en-gb", "həlˈəʊ wˈɜːld."),
        ("The quick brown fox.", "en-us", "ðə kwˈɪk bɹˈaʊn fˈɑːks."),
        ("tomato", "en-us", "təmˈeɪɾoʊ"),
        ("tomato", "en-gb", "təmˈɑːtəʊ"),
        ("I can't go.", "en-us", "aɪ kˈænt ɡˈoʊ."),
        ("Hola amigo.", "es", "ˈola amˈiɣo."),
        ("Ciao.", "it", "tʃˈao."),
        ("", "en-us", ""),
    ],
)
def test_espeak_phonemes(text, language, phonemes):
    assert phonemize(text, language) == phonemes


@pytest.mark.parametrize(
    "voice, language",
    [("af_heart", "en-us"), ("bm_george", "en-gb"), ("ef_dora", "es"), ("ff_siwis", "fr-fr"),
     ("hf_alpha", "hi"), ("if_sara", "it"), ("pm_alex", "pt-br"), ("jf_alpha", "ja"),
     ("zf_xiaobei", "zh")],
)
def test_language_from_voice_prefix(voice, language):
    assert language_for_voice(voice) == language


def test_unknown_voice_prefix_is_a_clear_error():
    with pytest.raises(G2PError, match="cannot tell the language"):
        language_for_voice("xx_nobody")


@pytest.mark.parametrize(
    "language, text, phonemes",
    [
        # Issue 18: Japanese and Chinese voices have their own frontends, the rest espeak-ng.
        ("ja", "こんにちは。", "koɲɲiʨiβa."),
        ("ja-JP", "こんにちは。", "koɲɲiʨiβa."),
        ("zh", "你好。", "ni↓xau↓."),
        ("cmn", "你好。", "ni↓xau↓."),
        ("zh-CN", "你好。", "ni↓xau↓."),
        ("en-us", "Hello world.", "həlˈoʊ wˈɜːld."),
        ("es", "Hola amigo.", "ˈola amˈiɣo."),
    ],
)
def test_registry_picks_the_language_phonemizer(language, text, phonemes):
    assert g2p_for(language).phonemize(text) == phonemes


def test_vocab_is_kokoro_v1():
    table = vocab()
    assert len(table) == 114
    assert (table[" "], table["."], table["ˈ"], table["ə"]) == (16, 4, 156, 83)


@pytest.mark.parametrize(
    "phonemes, ids",
    [
        ("həlˈoʊ.", [50, 83, 54, 156, 57, 135, 4]),
        ("a#b", [43, 44]),  # '#' has no token and is dropped
        ("", []),
    ],
)
def test_to_ids(phonemes, ids):
    assert to_ids(phonemes) == ids
    assert len(keep_known(phonemes)) == len(ids)
