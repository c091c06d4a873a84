"""The take check: implausible audio for its token count is caught, a short title is not."""

import numpy as np
import pytest

from litetts_cli import SAMPLE_RATE
from litetts_cli.engine.render import check_audio


def _take(seconds: float) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (0.1 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


@pytest.mark.parametrize(("seconds", "tokens", "speed", "problem"), [
    (1.52, 8, 1.0, ""),              # a one-word chapter title with the model's edge silence
    (0.8, 3, 1.0, ""),               # "I"
    (14.0, 240, 1.0, ""),            # a long sentence
    (6.0, 8, 1.0, "too long"),       # eight tokens babbling on
    (60.0, 240, 1.0, "too long"),
    (0.5, 240, 1.0, "too short"),
    (2.0, 8, 0.5, ""),               # slow speech is longer
])
def test_take_lengths(seconds, tokens, speed, problem):
    found = check_audio(_take(seconds), tokens, speed)
    assert found.startswith(problem) and bool(found) == bool(problem), found


def test_silence_and_nothing_are_problems():
    assert check_audio(np.zeros(24_000, np.float32), 20, 1.0).startswith("silent")
    assert check_audio(np.zeros(0, np.float32), 20, 1.0) == "no audio"
