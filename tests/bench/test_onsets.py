"""The sentence-onset reference (bench/onsets.py): the sound coming back after a pause."""

from __future__ import annotations

import numpy as np
import pytest

from litetts_cli.bench.onsets import levels_db, onset_in

RATE = 24_000


def _speech(pattern: list[tuple[float, float]]) -> np.ndarray:
    """Noise at -20 dBFS for each (seconds, 1) and near-silence (-70 dBFS) for each (seconds, 0)."""
    rng = np.random.default_rng(0)
    parts = [rng.normal(0, 0.1 if loud else 0.0003, round(seconds * RATE)) for seconds, loud in pattern]
    return np.concatenate(parts).astype(np.float32)


# Sound 0-1 s, pause 1-1.5 s, sound 1.5-2 s, pause 2-2.9 s, sound from 2.9 s.
AUDIO = _speech([(1.0, 1), (0.5, 0), (0.5, 1), (0.9, 0), (1.0, 1)])


@pytest.mark.parametrize("lo, hi, near, onset", [
    (0.5, 2.5, 1.3, 1.5),  # Whisper's start inside the pause
    (0.5, 2.5, 1.6, 1.5),  # ... or a little after it
    (1.2, 3.5, 1.7, 1.5),  # not the sentence's own trailing pause, though longer
    (1.2, 3.5, 2.95, 2.9),
])
def test_the_onset_is_where_sound_comes_back_after_the_last_pause_begun_by_whispers_start(lo, hi, near, onset):
    found = onset_in(levels_db(AUDIO, RATE), RATE, lo, hi, near)
    assert found is not None and found.onset == pytest.approx(onset, abs=0.002)


@pytest.mark.parametrize("lo, hi, near", [
    (0.1, 0.9, 0.5),  # no pause
    (1.6, 1.9, 1.7),
    (0.5, 1.4, 1.2),  # a pause that does not end inside the window
    (0.5, 2.5, 0.8),  # only a pause after the word began (a sentence run into the one before)
])
def test_no_pause_before_the_word_gives_no_onset(lo, hi, near):
    assert onset_in(levels_db(AUDIO, RATE), RATE, lo, hi, near) is None
