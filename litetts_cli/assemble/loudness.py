"""Integrated loudness (ITU-R BS.1770-4 / EBU R128) and a gain to reach a target.

Measured in numpy, streaming: the K-weighting filter (two biquads, coefficients computed
for any sample rate the way libebur128 does) is applied as its truncated impulse response
by FFT overlap-save, and only one mean-square value per 100 ms is kept, so an hours-long
book costs a few megabytes of state. Gating follows BS.1770-4: 400 ms blocks with 75 %
overlap, an absolute gate at -70 LUFS and a relative gate 10 LU below the
absolute-gated loudness.

A whole book is normalised in two passes: `litetts book` stitches its chunks once to
feed a :class:`LoudnessMeter`, then again to write them with the gain that reaches the
target, through a :class:`~litetts_cli.assemble.limiter.PeakLimiter`, so a few loud
samples do not hold a whole book below its target.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import soundfile as sf

from litetts_cli import SAMPLE_RATE
from litetts_cli.audio import as_mono_float32
from litetts_cli.errors import InputError

__all__ = [
    "DEFAULT_PEAK_CEILING_DB",
    "DEFAULT_TARGET_LUFS",
    "LoudnessMeter",
    "LoudnessReport",
    "apply_gain",
    "k_weighting_impulse",
    "loudness_gain",
    "measure_file",
]

DEFAULT_TARGET_LUFS = -18.0
"""A common target for spoken word (ACX asks for -18 to -23 LUFS-ish RMS)."""
DEFAULT_PEAK_CEILING_DB = -1.0
"""Sample-peak ceiling after gain; 1 dB of room for lossy encoders' overshoot."""

_ABSOLUTE_GATE_LUFS = -70.0
_RELATIVE_GATE_LU = -10.0
_OFFSET = -0.691
_SEGMENT = 1 << 18
"""Samples filtered per FFT; larger inputs are cut into segments of this size."""


def _k_weighting_biquads(sample_rate: int) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(b, a) of the BS.1770 shelf and high-pass, for ``sample_rate`` (as in libebur128)."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sample_rate)
    vh = 10.0 ** (gain_db / 20.0)
    vb = vh**0.4996667741545416
    a0 = 1.0 + k / q + k * k
    shelf_b = np.array([(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    shelf_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sample_rate)
    a0 = 1.0 + k / q + k * k
    highpass_b = np.array([1.0, -2.0, 1.0])
    highpass_a = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (highpass_b, highpass_a)


@lru_cache(maxsize=8)
def k_weighting_impulse(sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """The K-weighting filter's impulse response, truncated where it has decayed.

    Computed from the frequency response on a long grid (time aliasing is negligible
    because the filter is stable and its response dies out within ~0.3 s), then cut to
    ~0.35 s, past which the tail holds less than 1e-9 of the energy.
    """
    grid = 1 << max(16, math.ceil(math.log2(sample_rate * 3)))
    z_inv = np.exp(-2j * np.pi * np.fft.rfftfreq(grid))
    response = np.ones_like(z_inv)
    for b, a in _k_weighting_biquads(sample_rate):
        response *= np.polyval(b[::-1], z_inv) / np.polyval(a[::-1], z_inv)
    impulse = np.fft.irfft(response, grid)
    return impulse[: int(sample_rate * 0.35)].copy()


@dataclass(frozen=True)
class LoudnessReport:
    """What one pass over the audio found."""

    integrated_lufs: float
    """Gated integrated loudness; ``-inf`` for silence or audio shorter than 0.4 s."""
    sample_peak: float
    """Largest absolute sample value (linear)."""
    duration_s: float

    def gain_to(
        self, target_lufs: float = DEFAULT_TARGET_LUFS, peak_ceiling_db: float = DEFAULT_PEAK_CEILING_DB
    ) -> float:
        """:func:`loudness_gain` for this measurement."""
        return loudness_gain(self.integrated_lufs, self.sample_peak, target_lufs, peak_ceiling_db)


class LoudnessMeter:
    """Accumulates BS.1770 block energies over audio fed in pieces of any size."""

    def __init__(self, sample_rate: int = SAMPLE_RATE):
        self.sample_rate = sample_rate
        self._impulse = k_weighting_impulse(sample_rate)
        self._history = np.zeros(self._impulse.size - 1, dtype=np.float64)
        self._spectra: dict[int, np.ndarray] = {}
        """The impulse response's FFT, by FFT size."""
        self._step = round(sample_rate / 10)
        self._partial_sum = 0.0
        self._partial_count = 0
        self._steps = array("d")
        """Mean square of the K-weighted signal per 100 ms step."""
        self._peak = 0.0
        self._frames = 0

    def add(self, samples: np.ndarray) -> None:
        """Feed the next samples (mono float)."""
        audio = as_mono_float32(samples)
        if audio.size == 0:
            return
        self._peak = max(self._peak, float(np.max(np.abs(audio))))
        self._frames += audio.size
        for start in range(0, audio.size, _SEGMENT):
            self._accumulate(self._filter(audio[start : start + _SEGMENT]))

    def _filter(self, segment: np.ndarray) -> np.ndarray:
        """K-weight ``segment``, continuing from the previous samples (overlap-save)."""
        extended = np.concatenate((self._history, segment.astype(np.float64)))
        size = 1 << math.ceil(math.log2(extended.size))
        if size not in self._spectra:
            self._spectra[size] = np.fft.rfft(self._impulse, size)
        spectrum = np.fft.rfft(extended, size) * self._spectra[size]
        filtered = np.fft.irfft(spectrum, size)[self._history.size : extended.size]
        self._history = extended[extended.size - self._history.size :]
        return filtered

    def _accumulate(self, filtered: np.ndarray) -> None:
        squares = filtered * filtered
        position = 0
        if self._partial_count:
            take = min(self._step - self._partial_count, squares.size)
            self._partial_sum += float(np.sum(squares[:take]))
            self._partial_count += take
            position = take
            if self._partial_count == self._step:
                self._steps.append(self._partial_sum / self._step)
                self._partial_sum, self._partial_count = 0.0, 0
        whole = (squares.size - position) // self._step
        if whole:
            chunk = squares[position : position + whole * self._step]
            self._steps.extend(chunk.reshape(whole, self._step).mean(axis=1).tolist())
            position += whole * self._step
        if position < squares.size:
            self._partial_sum += float(np.sum(squares[position:]))
            self._partial_count += squares.size - position

    def merge(self, later: LoudnessMeter) -> None:
        """Fold in a meter that measured the audio right after this one's (a book's
        chapters measured in parallel). Each part's last partial 100 ms step is left
        out, and its filter starts from silence: a chapter starts and ends in a pause."""
        self._steps.extend(later._steps)
        self._peak = max(self._peak, later._peak)
        self._frames += later._frames

    def compact(self) -> LoudnessMeter:
        """This meter without its cached filter spectra (small to send between processes)."""
        self._spectra = {}
        return self

    def integrated_lufs(self) -> float:
        """Gated integrated loudness of everything fed so far (``-inf`` if none)."""
        steps = np.frombuffer(self._steps, dtype=np.float64) if len(self._steps) else np.zeros(0)
        if steps.size < 4:
            return float("-inf")
        windows = np.lib.stride_tricks.sliding_window_view(steps, 4).mean(axis=1)
        with np.errstate(divide="ignore"):
            block_lufs = _OFFSET + 10.0 * np.log10(windows)
        gated = windows[block_lufs > _ABSOLUTE_GATE_LUFS]
        if gated.size == 0:
            return float("-inf")
        relative_gate = _OFFSET + 10.0 * math.log10(float(gated.mean())) + _RELATIVE_GATE_LU
        kept = windows[(block_lufs > _ABSOLUTE_GATE_LUFS) & (block_lufs > relative_gate)]
        return _OFFSET + 10.0 * math.log10(float(kept.mean()))

    @property
    def sample_peak(self) -> float:
        return self._peak

    @property
    def duration_s(self) -> float:
        return self._frames / self.sample_rate

    def report(self) -> LoudnessReport:
        return LoudnessReport(self.integrated_lufs(), self._peak, self.duration_s)


def loudness_gain(
    measured_lufs: float,
    sample_peak: float,
    target_lufs: float = DEFAULT_TARGET_LUFS,
    peak_ceiling_db: float = DEFAULT_PEAK_CEILING_DB,
) -> float:
    """Linear gain that brings ``measured_lufs`` to ``target_lufs`` without clipping.

    The gain is lowered when reaching the target would push the sample peak above
    ``peak_ceiling_db`` dBFS; the result is then quieter than the target rather than
    distorted. Silence (``-inf``) gets a gain of 1.
    """
    if not math.isfinite(measured_lufs):
        return 1.0
    gain = 10.0 ** ((target_lufs - measured_lufs) / 20.0)
    if sample_peak > 0:
        gain = min(gain, 10.0 ** (peak_ceiling_db / 20.0) / sample_peak)
    return gain


def apply_gain(samples: np.ndarray, gain: float) -> np.ndarray:
    """``samples * gain`` as float32, clipped to [-1, 1] as a last safety net."""
    return np.clip(as_mono_float32(samples) * np.float32(gain), -1.0, 1.0)


def _read_blocks(path: Path, block_frames: int):
    try:
        with sf.SoundFile(path) as handle:
            for block in handle.blocks(block_frames, dtype="float32", always_2d=True):
                yield handle.samplerate, block.mean(axis=1)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise InputError(
            f"cannot read audio file {path}: {exc}", hint="give a WAV or FLAC file"
        ) from None


def measure_file(path: Path, *, block_frames: int = 1 << 18) -> LoudnessReport:
    """Measure a WAV/FLAC (anything libsndfile reads) block by block."""
    meter: LoudnessMeter | None = None
    for rate, block in _read_blocks(Path(path), block_frames):
        meter = meter or LoudnessMeter(rate)
        meter.add(block)
    return meter.report() if meter else LoudnessReport(float("-inf"), 0.0, 0.0)
