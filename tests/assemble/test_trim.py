"""trim_silence: cut near-silence at chunk edges without clipping the sound."""

import numpy as np
import pytest

from litetts_cli.assemble.trim import fade_edges, trim_silence

SR = 24_000


def tone(seconds: float, amplitude: float = 0.5, freq: float = 220.0) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * SR), dtype=np.float32)


def test_cuts_leading_and_trailing_silence_but_keeps_margin():
    sound = tone(0.5)
    chunk = np.concatenate([silence(0.4), sound, silence(0.6)])
    out = trim_silence(chunk, keep_ms=40)
    margin = round(0.040 * SR)
    # The whole sound plus about the margin either side (the RMS window adds a few ms).
    assert 0.5 * SR + 2 * margin <= out.size <= 0.5 * SR + 2 * margin + round(0.012 * SR)
    assert np.max(np.abs(out)) == pytest.approx(np.max(np.abs(sound)), rel=1e-6)


def test_sound_itself_is_untouched():
    sound = tone(0.3)
    chunk = np.concatenate([silence(0.2), sound, silence(0.2)])
    out = trim_silence(chunk, keep_ms=40, fade_ms=8)
    start = int(np.flatnonzero(np.abs(out) > 0)[0])  # sound[0] is sin(0) == 0
    # Everything from the first sound sample on is the original sound, bit for bit.
    np.testing.assert_array_equal(out[start : start + sound.size - 1], sound[1:])


def test_soft_onset_above_threshold_is_kept():
    """A quiet breath-like onset at -40 dBFS before the loud part must survive."""
    soft = tone(0.03, amplitude=10 ** (-40 / 20), freq=3000.0)
    chunk = np.concatenate([silence(0.3), soft, tone(0.3), silence(0.3)])
    out = trim_silence(chunk, threshold_db=-50, keep_ms=20)
    quiet_samples = np.count_nonzero((np.abs(out) > 0.002) & (np.abs(out) < 0.02))
    assert quiet_samples > 0.8 * np.count_nonzero(np.abs(soft) > 0.002)


@pytest.mark.parametrize(
    ("level_db", "threshold_db", "kept"),
    [(-45, -50, True), (-45, -40, False), (-30, -50, True), (-60, -50, False)],
)
def test_threshold_decides_what_is_sound(level_db, threshold_db, kept):
    chunk = np.concatenate([silence(0.2), tone(0.2, amplitude=10 ** (level_db / 20)), silence(0.2)])
    out = trim_silence(chunk, threshold_db=threshold_db)
    assert (out.size > 0) is kept


def test_all_silence_gives_empty_chunk():
    assert trim_silence(silence(1.0)).size == 0
    assert trim_silence(np.zeros(0, dtype=np.float32)).size == 0


def test_cut_edges_fade_to_zero():
    noise = np.random.default_rng(1).uniform(-0.5, 0.5, SR // 2).astype(np.float32)
    # Low-level hiss above the threshold right at the cut makes a click if not faded.
    hiss = np.full(SR // 5, 10 ** (-48 / 20), dtype=np.float32)
    chunk = np.concatenate([np.zeros(SR // 5, np.float32), hiss, noise, hiss, np.zeros(SR // 5, np.float32)])
    out = trim_silence(chunk, threshold_db=-50)
    assert abs(out[0]) < 1e-4 and abs(out[-1]) < 1e-4


def test_uncut_edge_is_not_faded():
    sound = tone(0.2, freq=50.0)[SR // 400 :]  # starts mid-wave, loud at sample 0
    out = trim_silence(np.concatenate([sound, silence(0.3)]))
    assert out[0] == sound[0]


def test_fade_edges_ramps_and_keeps_length():
    ones = np.ones(1000, dtype=np.float32)
    out = fade_edges(ones, 100, 50)
    assert out.size == 1000
    assert out[0] < 0.01 and out[-1] < 0.01
    assert np.all(np.diff(out[:100]) > 0) and np.all(out[100:950] == 1.0)
    # Shorter than both fades: each shrinks to half the chunk.
    assert fade_edges(np.ones(10, np.float32), 100, 100).size == 10


def test_accepts_column_vector_and_rejects_stereo():
    column = tone(0.1).reshape(-1, 1)
    assert trim_silence(column).ndim == 1
    with pytest.raises(ValueError):
        trim_silence(np.zeros((100, 2), np.float32))
