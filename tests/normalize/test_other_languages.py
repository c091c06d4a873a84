import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer
from litetts_cli.normalize.other_languages import num2words_language


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Il a 21 ans.", "Il a vingt et un ans."),
        ("J’ai 3 chats", "J'ai trois chats"),
        ("Tengo 5 gatos.", "Tengo cinco gatos."),
        ("Ich habe 2 Hunde — ja.", "Ich habe zwei Hunde — ja."),
        ("Dr. Müller kostet $5", "Dr. Müller kostet $5"),
    ],
)
def test_other_languages_get_cleanup_and_plain_numbers(text, expected):
    language = {"Il": "fr-fr", "J’": "fr-fr", "Te": "es", "Ic": "de", "Dr": "de"}[text[:2]]
    assert Normalizer(NormalizeOptions(language=language, strict=True)).normalize(text) == expected


def test_language_without_num2words_or_rules_keeps_digits():
    assert Normalizer(NormalizeOptions(language="ta", strict=True)).normalize("3 புத்தகங்கள்") == "3 புத்தகங்கள்"


@pytest.mark.parametrize(
    "language, code",
    [("fr-fr", "fr"), ("pt-br", "pt_BR"), ("es", "es"), ("it", "it"), ("ja", "ja"), ("hi", None), ("cmn", None)],
)
def test_num2words_language(language, code):
    assert num2words_language(language) == code
