import numpy as np
import pytest

from litetts_cli.engine.voices import VoiceLibrary, parse_blend, preview_sentence
from litetts_cli.errors import ModelNotFound, UsageError, VoiceNotFound


@pytest.mark.parametrize(
    "spec, pairs",
    [
        ("af_heart:0.6,bf_emma:0.4", [("af_heart", 0.6), ("bf_emma", 0.4)]),
        ("af_sarah:60,am_adam:40", [("af_sarah", 0.6), ("am_adam", 0.4)]),
        ("af_heart,bf_emma", [("af_heart", 0.5), ("bf_emma", 0.5)]),
        (" af_heart : 3 , am_puck:1 ", [("af_heart", 0.75), ("am_puck", 0.25)]),
        ("af_heart:1,am_puck:0", [("af_heart", 1.0), ("am_puck", 0.0)]),
    ],
)
def test_parse_blend(spec, pairs):
    parsed = parse_blend(spec)
    assert [n for n, _ in parsed] == [n for n, _ in pairs]
    assert [w for _, w in parsed] == pytest.approx([w for _, w in pairs])


@pytest.mark.parametrize(
    "spec",
    ["", ",", "af_heart:x", "af_heart:-1,bf_emma:1", "af_heart:0,bf_emma:0", "af_heart:1,,bf_emma:1", ":0.5", "af_heart:nan"],
)
def test_malformed_blends_are_usage_errors(spec):
    with pytest.raises(UsageError):
        parse_blend(spec)


@pytest.fixture()
def library(installed_settings, tmp_path):
    return VoiceLibrary(installed_settings.voices_dir, tmp_path / "custom")


def test_voice_pack_shape_and_style_row(library):
    voice = library.load("af_heart")
    assert voice.pack.shape == (510, 256)
    assert voice.language == "en-us"
    np.testing.assert_array_equal(voice.style_for(12), voice.pack[12])
    np.testing.assert_array_equal(voice.style_for(9999), voice.pack[509])


def test_blend_is_weighted_sum_and_takes_heaviest_language(library):
    a, b = library.load("af_heart"), library.load("bf_emma")
    blend = library.load("af_heart:0.25,bf_emma:0.75")
    np.testing.assert_allclose(blend.pack, 0.25 * a.pack + 0.75 * b.pack, rtol=1e-6)
    assert blend.language == "en-gb"


def test_unknown_voice_suggests_close_names(library):
    with pytest.raises(VoiceNotFound) as caught:
        library.load("af_hart")
    assert "af_heart" in caught.value.one_line()


def test_saved_blend_is_usable_by_name(library):
    library.save("narrator", "af_heart:0.6,am_puck:0.4")
    saved = library.load("narrator")
    np.testing.assert_allclose(saved.pack, library.load("af_heart:0.6,am_puck:0.4").pack, rtol=1e-6)
    assert "narrator" in library.custom()
    assert "narrator" in library.all_names()


@pytest.mark.parametrize("name", ["Bad Name", "af_heart", "", "x" * 80])
def test_bad_custom_names_are_refused(library, name):
    with pytest.raises(UsageError):
        library.save(name, "af_heart")


def test_missing_voice_file_says_how_to_install(tmp_path):
    library = VoiceLibrary(tmp_path / "none", tmp_path / "custom")
    with pytest.raises(ModelNotFound, match="models fetch voices"):
        library.load("af_heart")


@pytest.mark.parametrize(
    "language, sentence_start",
    [("en-us", "Hello! This is Kumo."), ("en-gb", "Hello! This is Kumo."), ("es", "¡Hola! Soy Kumo."),
     ("fr-fr", "Bonjour ! Je suis Kumo."), ("it", "Ciao! Sono Kumo."), ("pt-br", "Olá! Eu sou Kumo."),
     ("hi", "नमस्ते! यह आवाज़ Kumo है।"), ("ja", "こんにちは、Kumoです。"), ("zh", "你好！我是Kumo。"),
     ("cmn", "你好！我是Kumo。")],
)
def test_preview_speaks_the_voices_own_language(language, sentence_start):
    # Issue 18: a Japanese voice previews in Japanese, not in English.
    assert preview_sentence(language, "Kumo").startswith(sentence_start)
