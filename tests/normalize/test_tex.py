"""TeX formulas in running text (MathJax pages, Markdown) read as words, not dropped."""

from __future__ import annotations

import pytest

from litetts_cli.normalize import NormalizeOptions, Normalizer


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The identity \\(a^2 + b^2 = c^2\\) holds.",
         "The identity [A](/ˈeɪ/) squared plus B squared equals C squared holds."),
        ("$$\\frac{a}{b} = \\sqrt{x}$$", "[A](/ˈeɪ/) over b, equals the square root of x"),
        ("Since \\(x^2 - 1 > 0\\) here.", "Since X squared minus one is greater than zero here."),
        ("where \\(\\alpha \\leq \\beta\\) always.", "where alpha is less than or equal to beta always."),
        ("Then \\[\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\\]",
         "Then the sum from i equals one to n of i equals n (n plus one) over two"),
        ("As \\(\\lim_{x \\to 0} \\frac{\\sin x}{x} = 1\\) shows.",
         "As the limit as x to zero, sine x over x, equals one shows."),
        ("Let $x_{i+1} = \\hat{y}$ here.", "Let x sub i plus one equals y hat here."),
        ("The \\(\\mathrm{speed}\\) and \\(\\unknowncommand\\).", "The speed and unknowncommand."),
        # Money and shell variables are no formulas.
        ("It costs $5 and $10.", "It costs five dollars and ten dollars."),
    ],
)
def test_tex_is_read(normalize, text, expected):
    assert normalize(text) == expected


def test_tex_outside_english_is_left_as_written():
    french = Normalizer(NormalizeOptions(language="fr-fr", strict=True)).normalize
    assert "frac" in french("On a \\(\\frac{a}{b}\\).")
