"""Format names, extensions and size estimates."""

import numpy as np
import pytest

from litetts_cli.encode import SUPPORTED_FORMATS, estimate_size_bytes, open_sink, resolve_format
from litetts_cli.errors import UsageError

SR = 24_000


@pytest.mark.parametrize(
    ("target", "fmt", "expected"),
    [
        ("book.m4b", None, "m4b"),
        ("book.M4B", None, "m4b"),
        ("song.m4a", None, "m4a"),
        ("song.mp4", None, "m4a"),
        ("out.wav", None, "wav"),
        ("out.flac", None, "flac"),
        ("out.mp3", None, "mp3"),
        ("out.ogg", None, "ogg"),
        ("out.oga", None, "ogg"),
        ("out.opus", None, "opus"),
        ("out.pcm", None, "pcm"),
        ("out.raw", None, "pcm"),
        ("dir.v2/out.flac", None, "flac"),
        ("-", None, "wav"),
        ("-", "pcm", "pcm"),
        ("-", "WAV", "wav"),
        ("noext", "mp3", "mp3"),
        ("out.audio", "opus", "opus"),
        ("out.m4b", "m4b", "m4b"),
        ("out.m4b", ".m4b", "m4b"),
    ],
)
def test_resolve_format(target, fmt, expected):
    assert resolve_format(target, fmt).name == expected


@pytest.mark.parametrize(
    ("target", "fmt", "says"),
    [
        ("out.xyz", None, "extension '.xyz'"),
        ("noext", None, "no extension"),
        ("out.wav", "mp3", "says wav"),
        ("-", "aiff", "unknown audio format"),
        ("out", "m4", "unknown audio format"),
    ],
)
def test_resolve_format_errors_list_the_choices(target, fmt, says):
    with pytest.raises(UsageError) as info:
        resolve_format(target, fmt)
    assert says in info.value.message
    assert info.value.hint


def test_unknown_format_hint_lists_every_format():
    with pytest.raises(UsageError) as info:
        resolve_format("x", "aiff")
    assert all(name in info.value.hint for name in SUPPORTED_FORMATS)


@pytest.mark.parametrize("fmt", SUPPORTED_FORMATS)
def test_estimate_grows_with_duration(fmt):
    assert estimate_size_bytes(fmt, 60) < estimate_size_bytes(fmt, 3600) < estimate_size_bytes(fmt, 36000)


def test_estimate_orders_formats():
    hour = 3600
    assert estimate_size_bytes("wav", hour) == estimate_size_bytes("pcm", hour)
    assert estimate_size_bytes("m4b", hour) < estimate_size_bytes("flac", hour) < estimate_size_bytes("wav", hour)
    assert estimate_size_bytes("wav", hour) >= 2 * SR * hour


def speechlike(seconds: float) -> np.ndarray:
    """Harmonic 'voiced' bursts with gaps: compresses about as well as speech."""
    rng = np.random.default_rng(7)
    t = np.arange(round(seconds * SR)) / SR
    pitch = 120 + 30 * np.sin(2 * np.pi * 0.7 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / SR
    voiced = sum(np.sin(k * phase) / k for k in range(1, 12))
    envelope = (np.sin(2 * np.pi * 1.5 * t) > -0.3).astype(float)
    return (0.15 * voiced * envelope + 0.003 * rng.standard_normal(t.size)).astype(np.float32)


@pytest.mark.parametrize("fmt", SUPPORTED_FORMATS)
def test_estimate_is_not_below_a_real_file(tmp_path, fmt):
    seconds = 20.0
    path = tmp_path / f"speech.{resolve_format('x', fmt).extension}"
    with open_sink(path, fmt) as sink:
        sink.write(speechlike(seconds))
    actual = path.stat().st_size
    estimate = estimate_size_bytes(fmt, seconds)
    assert actual <= estimate
    assert estimate < 4 * actual + 64 * 1024  # and not absurdly generous
