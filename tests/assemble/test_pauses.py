"""PauseProfile: bigger breaks get longer pauses; punctuation picks clause pauses."""

import math

import pytest

from litetts_cli.assemble.pauses import BOUNDARIES, PauseProfile
from litetts_cli.errors import UsageError


def test_default_pauses_grow_with_the_break():
    p = PauseProfile()
    ordered = [p.split, p.comma, p.semicolon, p.sentence, p.paragraph, p.heading, p.chapter]
    assert ordered == sorted(ordered)
    assert len(set(ordered)) == len(ordered)


def test_boundaries_are_the_documented_five():
    assert BOUNDARIES == ("clause", "sentence", "paragraph", "heading", "chapter")


@pytest.mark.parametrize(
    ("boundary", "text", "field"),
    [
        ("clause", "Well,", "comma"),
        ("clause", "Well, ", "comma"),
        ("clause", "he said,”", "comma"),
        ("clause", "“yes,”", "comma"),
        ("clause", "(as noted),", "comma"),
        ("clause", "however;", "semicolon"),
        ("clause", "as follows:", "semicolon"),
        ("clause", "and then —", "semicolon"),
        ("clause", "from 1990 –", "semicolon"),
        ("clause", "and the long list of things that", "split"),
        ("clause", "", "split"),
        ("sentence", "It rained.", "sentence"),
        ("sentence", "Really?", "sentence"),
        ("sentence", "Stop!", "sentence"),
        ("sentence", "no punctuation line", "sentence"),
        ("sentence", "A list;", "sentence"),
        ("paragraph", "The end of it.", "paragraph"),
        ("heading", "Chapter One", "heading"),
        ("heading", "Part II: The Return", "heading"),
        ("chapter", "And that was all.", "chapter"),
    ],
)
def test_pause_after(boundary, text, field):
    profile = PauseProfile()
    assert profile.pause_after(boundary, text) == getattr(profile, field)


def test_custom_profile_is_used():
    profile = PauseProfile(sentence=0.9)
    assert profile.pause_after("sentence", "Hi.") == 0.9


@pytest.mark.parametrize("bad", [-0.1, math.nan, math.inf, "1"])
def test_invalid_pause_is_a_usage_error(bad):
    with pytest.raises(UsageError) as info:
        PauseProfile(comma=bad)
    assert "comma" in info.value.message and info.value.hint


def test_unknown_boundary():
    with pytest.raises(ValueError):
        PauseProfile().pause_after("page", "x")  # type: ignore[arg-type]


def test_scaled():
    half = PauseProfile().scaled(0.5)
    assert half.sentence == pytest.approx(PauseProfile().sentence / 2)
    assert half.chapter == pytest.approx(PauseProfile().chapter / 2)
    with pytest.raises(UsageError):
        PauseProfile().scaled(-1)


def test_profile_is_frozen():
    with pytest.raises(AttributeError):
        PauseProfile().comma = 1.0  # type: ignore[misc]
