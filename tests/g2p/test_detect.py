"""Language detection (issue 18): script first, then words and letters; the short-text
policy for ``synth`` and the chapter policy for ingest share one module."""

import pytest

from litetts_cli.g2p.languages import default_voice_for, kokoro_language
from litetts_cli.g2p.detect import detect_chapter_language, detect_language, script_language


@pytest.mark.parametrize(
    "text, language",
    [
        ("Hello there.", "en"),
        ("Read the 3rd line.", "en"),
        ("The café is open on the Rue de Rivoli.", "en"),
        ("Dr. Smith paid $5.", "en"),
        ("Bonjour, je m'appelle Marie et j'habite à Paris.", "fr"),
        ("C'est très bien, merci beaucoup.", "fr"),
        ("Hola, ¿cómo estás? Tengo 21 años.", "es"),
        ("El perro y el gato están en la casa.", "es"),
        ("Ciao, come stai? Io sono molto contento.", "it"),
        ("Il gatto è nella casa con gli amici.", "it"),
        ("Olá, tudo bem? Eu tenho uma casa.", "pt"),
        ("Não sei, mas você está muito bem.", "pt"),
        ("मेरे पास 25 किताबें हैं।", "hi"),
        ("I said नमस्ते आप कैसे हैं to her.", "hi"),
        ("今日は良い天気ですね。", "ja"),
        ("東京タワー", "ja"),
        ("今天天气很好。", "zh"),
        ("12345", None),
        ("", None),
    ],
)
def test_detect_language(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text, script",
    [
        ("मेरे पास", "hi"), ("ひらがな", "ja"), ("汉字", "zh"), ("Latin text", None), ("Привет", "ru"),
        ("Привіт, як справи? Їжак", "uk"), ("안녕하세요", "ko"), ("Καλημέρα", "el"), ("", None), ("12345", None),
        # Kanji-heavy Japanese is still Japanese; a Japanese name in Chinese text is not.
        ("東京都千代田区丸の内一丁目", "ja"),
        ("我昨天在书店买了一本村上春樹的小说，名字叫《ノルウェイの森》，" + "故事发生在东京。" * 20, "zh"),
    ],
)
def test_script_language(text, script):
    assert script_language(text) == script


JAPANESE_CHAPTER = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で泣いていた事だけは記憶している。" * 4
SPANISH_CHAPTER = "El perro y el gato están en la casa con los niños, que juegan en el jardín por la tarde. " * 20


@pytest.mark.parametrize(
    "text, language",
    [(JAPANESE_CHAPTER, "ja"), (SPANISH_CHAPTER, "es"), ("Short text.", None), ("今日は良い天気ですね。", None)],
)
def test_detect_chapter_language(text, language):
    # The chapter policy: long text only, and "unsure" stays None (no English default).
    assert detect_chapter_language(text) == language


@pytest.mark.parametrize(
    "tag, code, voice",
    [
        ("fr", "fr-fr", "ff_siwis"), ("fr-CA", "fr-fr", "ff_siwis"), ("es-MX", "es", "ef_dora"),
        ("pt", "pt-br", "pf_dora"), ("pt-BR", "pt-br", "pf_dora"), ("it", "it", "if_sara"),
        ("hi", "hi", "hf_alpha"), ("en", "en-us", "af_heart"), ("en_GB", "en-gb", "bf_emma"),
        ("ja-JP", "ja", "jf_alpha"), ("zh-CN", "zh", "zf_xiaobei"), ("cmn", "zh", "zf_xiaobei"),
        ("de", None, None), ("ru", None, None),
    ],
)
def test_language_tags_to_kokoro_voices(tag, code, voice):
    assert kokoro_language(tag) == code
    assert default_voice_for(tag) == voice
