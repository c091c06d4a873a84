"""The LibriSpeech speakers in shared/data/speakers (CC BY 4.0), found beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def speakers() -> Path:
    here = Path(__file__).resolve()
    for folder in here.parents:
        candidate = folder / "shared" / "data" / "speakers"
        if candidate.is_dir():
            return candidate
    pytest.fail("shared/data/speakers is not beside the repository (the four LibriSpeech speakers)")


@pytest.fixture(scope="session")
def speaker_clips(speakers) -> list[Path]:
    """Speaker 1688's first five utterances (the cloning half)."""
    return sorted((speakers / "1688").glob("*-000[0-4].flac"))
