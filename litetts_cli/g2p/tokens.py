"""Kokoro's phoneme vocabulary: phoneme characters -> token ids."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

MAX_TOKENS = 510
"""Most phoneme tokens Kokoro takes in one call (the voice pack has 510 rows)."""


@lru_cache(maxsize=1)
def vocab() -> dict[str, int]:
    """The model's phoneme -> id table (from Kokoro v1.0's config)."""
    text = resources.files("litetts_cli.g2p").joinpath("data/vocab.json").read_text("utf-8")
    return json.loads(text)


def keep_known(phonemes: str) -> str:
    """Drop characters the model has no token for, so ids and text stay aligned."""
    table = vocab()
    return "".join(ch for ch in phonemes if ch in table)


def to_ids(phonemes: str) -> list[int]:
    """Token ids for a phoneme string; unknown characters are dropped."""
    table = vocab()
    return [table[ch] for ch in phonemes if ch in table]
