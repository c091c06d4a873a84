"""Words in another script inside English text are read in their language, not spelled
out letter by letter by English espeak-ng ("epsilon lambda lambda eta ...")."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # The art-of-command-line's list of its translations.
        ("Čeština ∙ Ελληνικά ∙ Русский ∙ Українська ∙ 한국어",
         "Čeština ∙ [Ελληνικά](/ˌelinikˈa/) ∙ [Русский](/rˈusskʲij/) ∙ [Українська](/ukrˈajiːnska/) ∙ [한국어](/hˈɐnquqˌʌ/)"),
        ("In Chinese, 简体中文.", "In Chinese, [简体中文](/tɕiɛ2nthˈi2 ts.ˈonɡ5 wˈuəɜn/)."),
        ("The kana ひらがな here.", "The kana [ひらがな](/çˌiɽäɡˈänä/) here."),
        ("In Hebrew עברית and Arabic العربية.", "In Hebrew [עברית](/ʔivrˈit/) and Arabic [العربية](/ʔalʕarˈabiːjˌa/)."),
        # Left as they were: a Greek letter as a symbol, Japanese with kanji, Latin-script words.
        ("The angle θ is π.", "The angle theta is pi."),
        ("Tokyo is 東京タワー.", "Tokyo is 東京タワー."),
        ("Čeština and Español.", "Čeština and Español."),
    ],
)
def test_other_scripts_are_read_in_their_language(normalize, text, expected):
    assert normalize(text) == expected
