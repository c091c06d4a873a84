"""Two speakers in one clip are refused; no single reader is (the 40 reference
utterances, and 20 s of each reader)."""

from __future__ import annotations

import itertools
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from litetts_cli.clone.clips import RATE, read_clip
from litetts_cli.clone.encoder import embed_clip
from litetts_cli.errors import CloneInputError

READERS = ["1688", "1998", "2414", "3080"]


@lru_cache(maxsize=None)
def _clips(folder: Path) -> tuple[np.ndarray, ...]:
    return tuple(read_clip(p).samples for p in sorted(folder.glob("*.flac")))


def _speech(speakers, reader: str, seconds: float) -> np.ndarray:
    return np.concatenate(_clips(speakers / reader))[: int(seconds * RATE)]


@pytest.mark.parametrize("first, second", list(itertools.combinations(READERS, 2)))
def test_ten_seconds_each_of_two_readers_is_refused(speakers, first, second):
    mix = np.concatenate([_speech(speakers, first, 10), _speech(speakers, second, 10)])
    with pytest.raises(CloneInputError, match="two or more speakers"):
        embed_clip(mix, "mix.wav")


def test_one_reader_is_never_refused(speakers):
    clips = [clip for reader in READERS for clip in _clips(speakers / reader)]
    assert len(clips) == 40
    for k, clip in enumerate(clips):
        assert embed_clip(clip, f"utterance {k}").shape == (256,)
    for reader in READERS:
        assert embed_clip(_speech(speakers, reader, 20), f"{reader}-20s").shape == (256,)
