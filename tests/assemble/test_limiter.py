"""The look-ahead peak limiter: under the ceiling always, untouched away from peaks,
the same whatever the block sizes."""

from __future__ import annotations

import numpy as np
import pytest

from litetts_cli.assemble import CEILING_DB, LoudnessMeter, PeakLimiter

RATE = 24_000
CEILING = 10 ** (CEILING_DB / 20)


def speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Noise at about -26 LUFS with a full-scale click every half second."""
    rng = np.random.default_rng(seed)
    audio = (rng.standard_normal(int(seconds * RATE)) * 0.05).astype(np.float32)
    audio[RATE // 4:: RATE // 2] = 0.98
    return audio


def run(limiter: PeakLimiter, audio: np.ndarray, sizes) -> np.ndarray:
    out, position, turn = [], 0, 0
    while position < len(audio):
        size = sizes[turn % len(sizes)]
        out.append(limiter.process(audio[position: position + size]))
        position, turn = position + size, turn + 1
    out.append(limiter.finish())
    return np.concatenate(out)


@pytest.mark.parametrize("sizes", [[len(speechlike(3.0))], [1], [7, 1000, 13], [4096], [100_000, 3]])
def test_output_is_the_same_whatever_the_block_sizes(sizes):
    audio = speechlike(3.0)
    whole = run(PeakLimiter(4.0), audio, [len(audio)])
    assert len(whole) == len(audio)
    np.testing.assert_array_equal(run(PeakLimiter(4.0), audio, sizes), whole)


@pytest.mark.parametrize("gain", [1.0, 2.0, 4.0, 16.0])
def test_never_over_the_ceiling(gain):
    audio = speechlike(2.0, seed=1)
    audio[0] = audio[-1] = -0.98  # first and last samples too
    out = run(PeakLimiter(gain), audio, [3000])
    assert np.max(np.abs(out)) <= CEILING + 1e-6


def test_untouched_away_from_the_peaks():
    audio = speechlike(2.0)
    limiter = PeakLimiter(4.0)
    out = run(limiter, audio, [5000])
    near = np.zeros(len(audio), dtype=bool)
    for peak in np.flatnonzero(np.abs(audio) * 4.0 > CEILING):
        near[max(0, peak - 2 * limiter.radius): peak + 2 * limiter.radius + 1] = True
    np.testing.assert_allclose(out[~near], audio[~near] * 4.0, rtol=1e-6)
    assert 0 < limiter.limited_samples <= near.sum()


def test_quiet_audio_is_only_scaled():
    audio = speechlike(1.0)
    audio[np.abs(audio) > 0.2] = 0.0
    out = run(PeakLimiter(2.0), audio, [999])
    np.testing.assert_array_equal(out, audio * np.float32(2.0))


def test_the_loudness_target_is_reached_despite_a_few_full_scale_peaks():
    audio = speechlike(20.0)
    meter = LoudnessMeter(RATE)
    meter.add(audio)
    report = meter.report()
    capped = report.gain_to(-18.0)  # the old rule: the loudest sample sets the gain
    full = report.gain_to(-18.0, peak_ceiling_db=CEILING_DB + 12.0)
    assert full > 1.8 * capped
    limited = run(PeakLimiter(full), audio, [24_000])
    after = LoudnessMeter(RATE)
    after.add(limited)
    assert after.report().integrated_lufs == pytest.approx(-18.0, abs=0.5)  # clicks twice a second: 8% of the time turned down
    assert np.max(np.abs(limited)) <= CEILING + 1e-6
