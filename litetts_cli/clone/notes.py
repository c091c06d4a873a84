"""Objective notes on a voice's speech, to stand in for listening (nobody listens here):
measurements, not judgements.

For a list of mono clips at one rate: median F0 (folded to the register against octave slips, ``register_f0``) and its spread (librosa's YIN, 60-400 Hz, frames pinned at either end left out,
in frames whose 60-1000 Hz band is within 25 dB of the clip's loudest: a crude voicing
gate, so noise in a recording can add stray values), the share of such frames, a speaking rate in syllable nuclei per second of speech (peaks of the
300-3000 Hz band's smoothed loudness at least 6 dB over their surroundings, counted the
same way for recordings and synthetic speech, so the two compare even if neither count is
exact), brightness (spectral centroid) and spectral tilt (dB per octave of the long-term
spectrum from 100 Hz to 5 kHz), clipping (share of samples at 0.99 of full scale or more),
the longest pause inside a clip (below -40 dB of its loudest 10 ms for that long), and F0
jumps (share of voiced frames whose F0 is more than 1.6 times or less than 1/1.6 of the
previous voiced frame's: octave errors or cracks).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

RATE = 16_000
FRAME = 160  # 10 ms at 16 kHz


@dataclass(frozen=True)
class Notes:
    median_f0_hz: float
    f0_spread_semitones: float
    """Interquartile range of F0, in semitones."""
    voiced_share: float
    """Share of frames loud in the 60-1000 Hz band (the F0 frames)."""
    syllables_per_s: float
    centroid_hz: float
    tilt_db_per_octave: float
    clipped_share: float
    longest_pause_s: float
    f0_jump_share: float

    def as_dict(self) -> dict:
        return {k: round(float(v), 4) for k, v in asdict(self).items()}


def _to_16k(audio: np.ndarray, rate: int) -> np.ndarray:
    import librosa

    audio = np.asarray(audio, np.float32)
    return audio if rate == RATE else librosa.resample(audio, orig_sr=rate, target_sr=RATE)


def _loudness_db(audio: np.ndarray, low: float = 0, high: float = RATE / 2) -> np.ndarray:
    """Per 10 ms frame, dB of the energy between ``low`` and ``high`` Hz."""
    import librosa

    spec = np.abs(librosa.stft(audio, n_fft=512, hop_length=FRAME)) ** 2
    freqs = librosa.fft_frequencies(sr=RATE, n_fft=512)
    band = spec[(freqs >= low) & (freqs <= high)].sum(0)
    return 10 * np.log10(band + 1e-10)


def syllable_count(audio: np.ndarray) -> tuple[int, float]:
    """(syllable nuclei, seconds of speech) of 16 kHz ``audio``."""
    from scipy.signal import find_peaks

    level = _loudness_db(audio, 300, 3000)
    level = np.convolve(level, np.ones(5) / 5, mode="same")
    floor = level.max() - 35
    speech = level > floor
    peaks, _ = find_peaks(np.maximum(level, floor), prominence=6, distance=8)
    return len(peaks), speech.sum() * FRAME / RATE


def longest_pause(audio: np.ndarray) -> float:
    """Longest stretch below -40 dB of the loudest frame, between the first and last sound."""
    level = _loudness_db(audio)
    quiet = level < level.max() - 40
    loud = np.flatnonzero(~quiet)
    if len(loud) < 2:
        return 0.0
    inner = quiet[loud[0]:loud[-1]]
    longest = run = 0
    for q in inner:
        run = run + 1 if q else 0
        longest = max(longest, run)
    return longest * FRAME / RATE


def tilt_and_centroid(audio: np.ndarray) -> tuple[float, float]:
    import librosa

    spec = (np.abs(librosa.stft(audio, n_fft=1024, hop_length=FRAME)) ** 2).mean(1)
    freqs = librosa.fft_frequencies(sr=RATE, n_fft=1024)
    band = (freqs >= 100) & (freqs <= 5000)
    slope = np.polyfit(np.log2(freqs[band]), 10 * np.log10(spec[band] + 1e-12), 1)[0]
    centroid = float((freqs * spec).sum() / spec.sum())
    return float(slope), centroid


F0_RANGE = (60.0, 400.0)
"""YIN's search range (Hz). A frame whose F0 lies within 3% of either end is YIN pinned
to its bound (noise, not a pitch) and is left out: in one noisy LibriSpeech reader (2609)
30% of the loud frames sat at 60-62 Hz and made that the register of a 125 Hz voice."""


def voiced_f0(clip: np.ndarray) -> tuple[np.ndarray, int]:
    """F0 (Hz) of the loud frames of 16 kHz ``clip`` (frames pinned to the search range's
    ends left out), and its frame count."""
    import librosa

    low_hz, high_hz = F0_RANGE
    f0 = librosa.yin(clip, fmin=low_hz, fmax=high_hz, sr=RATE, frame_length=1024, hop_length=FRAME)
    low = _loudness_db(clip, 60, 1000)
    size = min(len(f0), len(low))
    f0 = f0[:size][low[:size] > low.max() - 25]
    return f0[(f0 > low_hz * 1.03) & (f0 < high_hz * 0.97)], size


OCTAVE_FOLD_SEMITONES = 6.0
"""A frame's F0 further than this from the register (the densest part of the F0
histogram) is taken as an octave slip and moved an octave towards it."""


def register_f0(values: np.ndarray) -> float:
    """Median F0 (Hz) of ``values`` robust to octave errors: the register is the peak of
    the F0 histogram in semitones (smoothed over +-2 semitones), frames more than
    ``OCTAVE_FOLD_SEMITONES`` from it are folded by whole octaves towards it (YIN's
    slips to half or double the period, common on noisy recordings and creaky low
    voices), then the median is taken. A minority of slipped frames no longer drags
    the median between registers; a clip where most frames slip cannot be corrected."""
    values = np.asarray(values, np.float64)
    values = values[values > 0]
    if not len(values):
        return 0.0
    semitones = 12 * np.log2(values / 55.0)
    bins = np.arange(np.floor(semitones.min()) - 3, np.ceil(semitones.max()) + 4)
    counts = np.histogram(semitones, bins)[0].astype(np.float64)
    smooth = np.convolve(counts, np.ones(5), mode="same")
    centre = bins[int(np.argmax(smooth))] + 0.5
    offset = semitones - centre
    folded = semitones - 12 * np.round(offset / 12) * (np.abs(offset) > OCTAVE_FOLD_SEMITONES)
    return float(55.0 * 2 ** (np.median(folded) / 12))


def median_f0(clips: list[np.ndarray], rate: int) -> float:
    """Median F0 (Hz) over the loud frames of all ``clips``, robust to octave slips
    (``register_f0``)."""
    return register_f0(np.concatenate([voiced_f0(_to_16k(c, rate))[0] for c in clips]))


def syllable_rate(clips: list[np.ndarray], rate: int) -> float:
    """Syllable nuclei per second of speech over all ``clips`` (``syllable_count``)."""
    counts = [syllable_count(_to_16k(c, rate)) for c in clips]
    return sum(n for n, _ in counts) / max(sum(s for _, s in counts), 1e-9)


def notes(clips: list[np.ndarray], rate: int) -> Notes:
    audio = [_to_16k(c, rate) for c in clips]
    f0s, voiced, syllables, seconds, pauses, jumps = [], 0, 0, 0.0, [], []
    total_frames = 0
    for clip in audio:
        good, frames = voiced_f0(clip)
        f0s.append(good)
        voiced += len(good)
        total_frames += frames
        if len(good) > 1:
            ratio = good[1:] / good[:-1]
            jumps.append(((ratio > 1.6) | (ratio < 1 / 1.6)).mean())
        count, speech = syllable_count(clip)
        syllables += count
        seconds += speech
        pauses.append(longest_pause(clip))
    pitch = np.concatenate(f0s) if f0s else np.zeros(0)
    joined = np.concatenate(audio)
    tilt, centroid = tilt_and_centroid(joined)
    q1, q3 = np.percentile(pitch, [25, 75]) if len(pitch) else (0.0, 0.0)
    return Notes(
        median_f0_hz=register_f0(pitch),
        f0_spread_semitones=float(12 * np.log2(q3 / q1)) if q1 > 0 else 0.0,
        voiced_share=voiced / max(total_frames, 1),
        syllables_per_s=syllables / max(seconds, 1e-9),
        centroid_hz=centroid,
        tilt_db_per_octave=tilt,
        clipped_share=float(np.mean(np.abs(np.concatenate(clips)) >= 0.99)),
        longest_pause_s=max(pauses, default=0.0),
        f0_jump_share=float(np.mean(jumps)) if jumps else 0.0,
    )
