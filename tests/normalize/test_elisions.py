import pytest


@pytest.mark.parametrize(
    "text, expected",
    [
        # "’em" is the unstressed pronoun, not the letter M (433 times in 17 Standard Ebooks
        # books; in this corpus Moby-Dick, A Tale of Two Cities, Alice, North of Boston).
        ("Give 'em hell.", "Give ['em](/əm/) hell."),
        ("Give ’em hell, tell ’em.", "Give ['em](/əm/) hell, tell ['em](/əm/)."),
        ("‘Tell ’em,’ she said", "'Tell ['em](/əm/),' she said"),
        ("'Em all", "['Em](/əm/) all"),
        ("the 'emperor'", "the 'emperor'"),
        ("an em dash", "an em dash"),
        ("them'em", "them'em"),
    ],
)
def test_elisions(normalize, text, expected):
    assert normalize(text) == expected


def test_elision_is_a_homograph_category(text="Give 'em hell."):
    from litetts_cli.normalize import NormalizeOptions, Normalizer

    off = Normalizer(NormalizeOptions(disabled=frozenset({"homographs"}), strict=True))
    assert off.normalize(text) == text
