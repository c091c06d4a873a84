"""Preflight checks: encoders, disk space; a broken ffmpeg is found before synthesis."""

import stat

import pytest

from litetts_cli.encode import SUPPORTED_FORMATS, check_disk_space, check_encoder
from litetts_cli.encode import ffmpeg as ffmpeg_module
from litetts_cli.encode import preflight
from litetts_cli.errors import OutputError, UsageError


@pytest.mark.parametrize("fmt", SUPPORTED_FORMATS)
def test_every_format_passes_on_this_install(fmt, monkeypatch):
    monkeypatch.setattr(preflight, "_checked_encoders", set())
    check_encoder(fmt)
    assert (fmt, 24_000) in preflight._checked_encoders


def test_unknown_format():
    with pytest.raises(UsageError):
        check_encoder("aiff")


@pytest.fixture
def broken_ffmpeg(tmp_path, monkeypatch):
    """An ffmpeg that fails like a build without the AAC encoder (audiblez #13, #85)."""
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho \"Unknown encoder 'aac'\" >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(ffmpeg_module, "ffmpeg_exe", lambda: str(fake))
    monkeypatch.setattr(preflight, "_checked_encoders", set())


@pytest.mark.parametrize("fmt", ["m4b", "m4a", "mp3"])
def test_broken_ffmpeg_is_reported_with_a_fix(broken_ffmpeg, fmt):
    with pytest.raises(OutputError) as info:
        check_encoder(fmt)
    assert f"the {fmt} encoder does not work" in info.value.message
    assert "imageio-ffmpeg" in info.value.hint


def test_missing_ffmpeg_binary(tmp_path, monkeypatch):
    monkeypatch.setattr(ffmpeg_module, "ffmpeg_exe", lambda: str(tmp_path / "nowhere" / "ffmpeg"))
    monkeypatch.setattr(preflight, "_checked_encoders", set())
    with pytest.raises(OutputError) as info:
        check_encoder("m4b")
    assert "imageio-ffmpeg" in info.value.hint


def test_soundfile_formats_do_not_need_ffmpeg(broken_ffmpeg):
    for fmt in ("wav", "flac", "ogg", "opus", "pcm"):
        check_encoder(fmt)


def test_disk_space(tmp_path):
    check_disk_space(tmp_path / "book.m4b", "m4b", 3600)
    check_disk_space("-", "wav", 1e12)
    with pytest.raises(OutputError) as info:
        check_disk_space(tmp_path / "book.wav", "wav", 1e12)
    assert "MiB needed" in info.value.message and info.value.hint
