import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Rock & roll", "Rock and roll"),
        ("Tom&Jerry", "Tom and Jerry"),
        ("C++ and C#", "C plus plus and C sharp"),
        ("an A+ grade", "an [A](/ˈeɪ/) plus grade"),
        ("x = y + 1", "x equals y plus one"),
        ("a < b", "a less than b"),
        ("5 > 3", "five greater than three"),
        ("x <= 5", "x less than or equal to five"),
        ("a != b", "a does not equal b"),
        ("a -> b", "a to b"),
        ("± 5", "plus or minus five"),
        ("3 × 4", "three by four"),
        ("8 ÷ 2", "eight divided by two"),
        ("and/or", "and or"),
        ("he/she", "he or she"),
        ("yes/no", "yes or no"),
        ("TCP/IP", "T C P slash I P"),
        ("50 % off", "fifty percent off"),
        ("~5 miles", "about five miles"),
        # The tilde as a character (The Art of Command Line): not "about".
        ("Access files with the ~ prefix (e.g. ~/.bashrc).", "Access files with the tilde prefix (for example tilde slash dot bash R C)."),
        ("cd ~ and list", "cd tilde and list"),
        ("~ 20 people", "about twenty people"),
        ("costs ~$5", "costs about five dollars"),
        ("~half", "about half"),
        ("© 2024 Acme", "copyright twenty twenty-four Acme"),
        ("§ 5", "section five"),
        ("meet @ noon", "meet at noon"),
        ("a * b", "a b"),
        ("snake_case", "snake underscore case"),
        ("a | b", "a, b"),
        ("N/A", "not applicable"),
        ("the π constant", "the pi constant"),
        ("∞ loop", "infinity loop"),
        ("λόγος", "[λόγος](/lˈoɣos/)"),  # a Greek word in Greek (normalize/scripts.py)
        ("[sic] text", "(sic) text"),
    ],
)
def test_symbols(normalize, text, expected):
    assert normalize(text) == expected
