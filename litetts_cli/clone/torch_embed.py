"""Resemblyzer's speaker embedding as a differentiable torch function of 24 kHz audio.

The speaker encoder (``encoder``) runs on numpy: librosa resampling to 16 kHz, volume
raised to -30 dBFS if quieter, webrtcvad trimming of long silences, a 40-band mel power
spectrogram (25 ms window, 10 ms hop), partials of 160 frames at 1.3 per second through a
3-layer LSTM, their mean normalised. Here the same steps run in torch so a gradient
reaches the audio: band-limited FFT resampling, the silence mask computed on the detached
audio (it only selects samples), ``torch.stft`` and librosa's mel filterbank as a
constant. On Kokoro speech the result agrees with ``encoder.embed`` to ~0.99 cosine.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

RATE = 16_000
SOURCE_RATE = 24_000
N_FFT = 400
HOP = 160
N_MELS = 40
VAD_WINDOW = 480  # 30 ms at 16 kHz
VAD_SMOOTH = 8
VAD_DILATE = 7
TARGET_DBFS = -30.0
PARTIAL_RATE = 1.3
MIN_COVERAGE = 0.75


@lru_cache(maxsize=1)
def _constants():
    import librosa
    import torch

    from litetts_cli.clone.encoder import voice_encoder

    model = voice_encoder()
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    bank = torch.from_numpy(librosa.filters.mel(sr=RATE, n_fft=N_FFT, n_mels=N_MELS)).float()
    return model, bank, torch.hann_window(N_FFT, periodic=True)


def voiced_mask(wav: np.ndarray) -> np.ndarray:
    """Which samples of 16 kHz ``wav`` the encoder keeps: 30 ms windows webrtcvad calls
    speech, smoothed over 8 windows and widened by 7, so only long silences go."""
    import webrtcvad

    usable = len(wav) - len(wav) % VAD_WINDOW
    pcm = (np.round(np.clip(wav[:usable], -1, 1) * 32767)).astype("<i2").tobytes()
    vad = webrtcvad.Vad(3)
    flags = np.array([vad.is_speech(pcm[i * 2:(i + VAD_WINDOW) * 2], RATE) for i in range(0, usable, VAD_WINDOW)], float)
    padded = np.concatenate([np.zeros((VAD_SMOOTH - 1) // 2), flags, np.zeros(VAD_SMOOTH // 2)])
    smooth = np.convolve(padded, np.ones(VAD_SMOOTH) / VAD_SMOOTH, mode="valid")
    keep = np.round(smooth).astype(bool)
    if keep.any():
        keep = np.convolve(keep, np.ones(VAD_DILATE), mode="same") > 0
    mask = np.zeros(len(wav), bool)
    mask[:usable] = np.repeat(keep, VAD_WINDOW)
    return mask


def _resample(audio, torch):
    n = audio.shape[-1]
    m = n * RATE // SOURCE_RATE
    spectrum = torch.fft.rfft(audio)[: m // 2 + 1]
    return torch.fft.irfft(spectrum, n=m) * (m / n)


def _partials(n_samples: int) -> list[slice]:
    """Mel-frame slices of the partial utterances (as the encoder takes them)."""
    frames = int(np.ceil((n_samples + 1) / HOP))
    step = int(round(RATE / PARTIAL_RATE / HOP))
    width = 160
    starts = list(range(0, max(1, frames - width + step + 1), step))
    if len(starts) > 1 and (n_samples - starts[-1] * HOP) / (width * HOP) < MIN_COVERAGE:
        starts = starts[:-1]
    return [slice(s, s + width) for s in starts]


def embed(audio):
    """Unit speaker embedding (torch, 256) of 24 kHz mono ``audio`` (torch, 1-D), with a gradient."""
    import torch

    model, bank, window = _constants()
    wav = _resample(audio, torch)
    rms = float(torch.sqrt(torch.mean(wav.detach() ** 2))) + 1e-12
    gain = 10 ** ((TARGET_DBFS - 20 * math.log10(rms)) / 20)
    if gain > 1:
        wav = wav * gain
    mask = voiced_mask(wav.detach().numpy())
    if mask.sum() >= RATE // 2:
        wav = wav[torch.from_numpy(mask)]
    slices = _partials(wav.shape[-1])
    needed = slices[-1].stop * HOP
    if needed >= wav.shape[-1]:
        wav = torch.nn.functional.pad(wav, (0, needed - wav.shape[-1]))
    spec = torch.stft(wav, N_FFT, HOP, N_FFT, window=window, center=True, pad_mode="constant", return_complex=True)
    mel = (bank @ (spec.real ** 2 + spec.imag ** 2)).T
    vector = model(torch.stack([mel[s] for s in slices])).mean(0)
    return vector / vector.norm()
