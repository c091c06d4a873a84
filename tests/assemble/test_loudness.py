"""BS.1770 loudness: reference sine levels, agreement with ffmpeg, gain to a target."""

import re
import subprocess

import imageio_ffmpeg
import numpy as np
import pytest
import soundfile as sf

from litetts_cli.assemble.loudness import (
    LoudnessMeter,
    apply_gain,
    loudness_gain,
    measure_file,
)
from litetts_cli.encode import open_sink

SR = 24_000


def sine(seconds: float, amplitude: float, freq: float = 997.0, rate: int = SR) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def speechlike(seconds: float, seed: int = 0, level: float = 0.2) -> np.ndarray:
    """Noise bursts of varying level separated by silences, like speech with pauses."""
    rng = np.random.default_rng(seed)
    parts = []
    while sum(p.size for p in parts) < seconds * SR:
        burst = rng.standard_normal(rng.integers(SR // 4, SR)) * level * rng.uniform(0.3, 1.0)
        parts += [burst.astype(np.float32), np.zeros(rng.integers(SR // 10, SR // 2), np.float32)]
    return np.concatenate(parts)[: round(seconds * SR)]


def integrated(samples: np.ndarray, rate: int = SR) -> float:
    meter = LoudnessMeter(rate)
    meter.add(samples)
    return meter.integrated_lufs()


@pytest.mark.parametrize("rate", [24_000, 48_000])
@pytest.mark.parametrize("amplitude_db", [-6.0, -20.0, -34.0])
def test_997_hz_sine_reference(rate, amplitude_db):
    """BS.1770: a 997 Hz mono sine of peak A dBFS measures A - 3.01 LUFS."""
    amplitude = 10 ** (amplitude_db / 20)
    assert integrated(sine(5.0, amplitude, rate=rate), rate) == pytest.approx(amplitude_db - 3.01, abs=0.1)


def ffmpeg_integrated(path) -> float:
    result = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(path),
         "-af", "ebur128=framelog=quiet", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", result.stderr)[-1])


@pytest.mark.parametrize("seed", [0, 1])
def test_agrees_with_ffmpeg_ebur128(tmp_path, seed):
    audio = speechlike(20.0, seed)
    path = tmp_path / "speech.wav"
    sf.write(path, audio, SR, subtype="FLOAT")
    assert integrated(audio) == pytest.approx(ffmpeg_integrated(path), abs=0.5)


def test_gating_ignores_long_silence():
    audio = speechlike(10.0)
    with_silence = np.concatenate([audio, np.zeros(30 * SR, np.float32)])
    assert integrated(with_silence) == pytest.approx(integrated(audio), abs=0.1)


def test_streaming_equals_one_shot():
    audio = speechlike(12.0, seed=3)
    meter = LoudnessMeter()
    rng = np.random.default_rng(0)
    position = 0
    while position < audio.size:
        size = int(rng.integers(1, 9000))
        meter.add(audio[position : position + size])
        position += size
    assert meter.integrated_lufs() == pytest.approx(integrated(audio), abs=1e-6)
    assert meter.duration_s == pytest.approx(12.0)
    assert meter.sample_peak == pytest.approx(float(np.max(np.abs(audio))))


def test_silence_and_short_input():
    assert integrated(np.zeros(5 * SR, np.float32)) == float("-inf")
    assert integrated(sine(0.3, 0.5)) == float("-inf")  # shorter than one 400 ms block
    assert loudness_gain(float("-inf"), 0.0) == 1.0


def test_louder_input_gets_smaller_gain():
    quiet, loud = speechlike(8.0, level=0.05), speechlike(8.0, level=0.2)
    gain_quiet = loudness_gain(integrated(quiet), float(np.max(np.abs(quiet))), peak_ceiling_db=20)
    gain_loud = loudness_gain(integrated(loud), float(np.max(np.abs(loud))), peak_ceiling_db=20)
    assert gain_loud < gain_quiet
    assert gain_quiet / gain_loud == pytest.approx(4.0, rel=0.02)  # 0.2 / 0.05


@pytest.mark.parametrize("target", [-16.0, -18.0, -23.0])
def test_gain_reaches_target(target):
    audio = sine(5.0, 0.05)
    meter = LoudnessMeter()
    meter.add(audio)
    gain = meter.report().gain_to(target)
    assert integrated(apply_gain(audio, gain)) == pytest.approx(target, abs=0.05)


def test_peak_ceiling_limits_gain():
    audio = sine(5.0, 0.01)
    audio[SR] = 0.9  # one spike
    gain = loudness_gain(integrated(audio), 0.9, target_lufs=-10.0, peak_ceiling_db=-1.0)
    assert 0.9 * gain == pytest.approx(10 ** (-1 / 20))
    assert np.max(np.abs(apply_gain(audio, gain))) <= 10 ** (-1 / 20) + 1e-6


def test_apply_gain_never_clips_past_full_scale():
    assert np.max(np.abs(apply_gain(sine(1.0, 0.9), 4.0))) <= 1.0


def test_two_passes_measure_while_writing_then_reach_the_target(tmp_path):
    source = tmp_path / "stitched.flac"
    audio = speechlike(15.0, level=0.03)
    meter = LoudnessMeter()
    with open_sink(source) as sink:
        for start in range(0, audio.size, SR):
            sink.write(audio[start : start + SR])
            meter.add(audio[start : start + SR])
    gain = meter.report().gain_to(-18.0, -1.0)
    assert gain > 1.0
    # Measured again from the file: the same gain as measured while streaming.
    assert measure_file(source).gain_to(-18.0, -1.0) == pytest.approx(gain, rel=1e-3)
    target = tmp_path / "book.wav"
    written, _ = sf.read(source, dtype="float32")
    with open_sink(target) as final:
        for start in range(0, written.size, SR):
            final.write(apply_gain(written[start : start + SR], gain))
    report = measure_file(target)
    assert report.integrated_lufs == pytest.approx(-18.0, abs=0.3)
    assert report.duration_s == pytest.approx(15.0, abs=1 / SR)
