import pytest

from litetts_cli.g2p.markup import PausePart, PhonemePart, TextPart, parse_inline, plain_text


@pytest.mark.parametrize(
    "text, parts",
    [
        ("plain words", [TextPart("plain words")]),
        ("I [read](/ɹˈɛd/) it.", [TextPart("I "), PhonemePart("read", "ɹˈɛd"), TextPart(" it.")]),
        ("a [pause:1.5s] b", [TextPart("a "), PausePart(1.5), TextPart(" b")]),
        ("a [pause:250ms] b", [TextPart("a "), PausePart(0.25), TextPart(" b")]),
        ("a [pause:2] b", [TextPart("a "), PausePart(2.0), TextPart(" b")]),
        ("a [PAUSE: 1 s] b", [TextPart("a "), PausePart(1.0), TextPart(" b")]),
        ("[pause:999s]", [PausePart(60.0)]),
        ("Wait [pause:2]", [TextPart("Wait "), PausePart(2.0)]),
        ("[PAUSE:1S]", [PausePart(1.0)]),
        ("[Pause:500Ms]", [PausePart(0.5)]),
        ("[not markup] stays", [TextPart("[not markup] stays")]),
        ("[word](no slashes)", [TextPart("[word](no slashes)")]),
        ("[pause:abc]", [TextPart("[pause:abc]")]),
        ("", []),
    ],
)
def test_parse_inline(text, parts):
    assert parse_inline(text) == parts


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I [read](/ɹˈɛd/) it. [pause:1s] Done.", "I read it. Done."),
        ("no markup", "no markup"),
    ],
)
def test_plain_text(text, expected):
    assert plain_text(text) == expected
