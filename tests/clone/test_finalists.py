"""Which descent snapshots the fit scores on held-out sentences: the last one always, and
earlier ones to fall back on when Whisper mishears the later ones."""

from __future__ import annotations

import pytest

from litetts_cli.clone.fit import spread_snapshots, texts


@pytest.mark.parametrize(("steps", "count", "expected"), [
    ([4, 8, 12, 16, 20, 24, 28, 32], 4, [8, 16, 24, 32]),
    ([4, 8, 12, 16, 20, 22], 4, [8, 12, 16, 22]),
    ([4, 8, 9], 4, [4, 8, 9]),
    ([3], 4, [3]),
    ([], 4, []),
    ([4, 8, 12, 16], 1, [16]),
])
def test_snapshots_are_spread_back_from_the_last(steps, count, expected):
    snapshots = [(step, f"offset {step}") for step in steps]
    assert [step for step, _ in spread_snapshots(snapshots, count)] == expected


def test_fit_check_sentences_are_not_the_measured_ones():
    fit_sentences = set(texts()["held_out"]) | set(texts()["check"])
    assert len(texts()["check"]) >= 2
    assert not fit_sentences & set(texts()["intelligibility"])
