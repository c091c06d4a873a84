"""Kokoro's decoder: StyleTTS2 AdaIN blocks, then an iSTFTNet generator (v1.0 sizes).

The harmonic source is the deterministic one of the ONNX export the weights come from:
no random initial phase and no added noise, so the same input always gives the same
audio, on CPU and GPU alike.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from litetts_cli import SAMPLE_RATE
from litetts_cli.engine.torch_blocks import AdaIN1d, AdainResBlk1d, Lengths, adain_snake

UPSAMPLE_RATES = (10, 6)
UPSAMPLE_KERNELS = (20, 12)
RESBLOCK_KERNELS = (3, 7, 11)
DILATIONS = (1, 3, 5)
N_FFT = 20
HOP = 5
HARMONICS = 9
VOICED_THRESHOLD = 10.0
SINE_AMP = 0.1
SAMPLES_PER_FRAME = 2 * math.prod(UPSAMPLE_RATES) * HOP
"""Audio samples per predicted duration frame: 600 (25 ms at 24 kHz)."""


class AdaINResBlock1(nn.Module):
    """HiFi-GAN resblock with AdaIN and Snake activations."""

    def __init__(self, channels: int, kernel: int, style_dim: int):
        super().__init__()
        self.convs1 = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel, 1, dilation=d, padding=(kernel * d - d) // 2) for d in DILATIONS
        )
        self.convs2 = nn.ModuleList(
            nn.Conv1d(channels, channels, kernel, 1, padding=(kernel - 1) // 2) for _ in DILATIONS
        )
        self.adain1 = nn.ModuleList(AdaIN1d(style_dim, channels) for _ in DILATIONS)
        self.adain2 = nn.ModuleList(AdaIN1d(style_dim, channels) for _ in DILATIONS)
        self.alpha1 = nn.ParameterList(nn.Parameter(torch.ones(1, channels, 1)) for _ in DILATIONS)
        self.alpha2 = nn.ParameterList(nn.Parameter(torch.ones(1, channels, 1)) for _ in DILATIONS)

    def forward(self, x: torch.Tensor, style: torch.Tensor, lengths: Lengths) -> torch.Tensor:
        for c1, c2, n1, n2, a1, a2 in zip(self.convs1, self.convs2, self.adain1, self.adain2, self.alpha1, self.alpha2):
            h = c1(adain_snake(n1, a1, x, style, lengths))
            x = x + c2(adain_snake(n2, a2, h, style, lengths))
        return x


class SourceModule(nn.Module):
    """Harmonic excitation from F0: nine sines merged by a linear layer and tanh."""

    def __init__(self):
        super().__init__()
        self.l_linear = nn.Linear(HARMONICS, 1)

    @torch.autocast("cuda", enabled=False)
    @torch.autocast("cpu", enabled=False)
    def forward(self, f0: torch.Tensor, upsample: int) -> torch.Tensor:
        """(B, T) F0 in Hz at frame rate -> (B, T * upsample) excitation, in float32:
        the phase reaches 10^5 radians, which bf16 cannot hold."""
        f0 = f0.float()
        harmonics = torch.arange(1, HARMONICS + 1, device=f0.device, dtype=f0.dtype).view(1, -1, 1)
        rad = torch.remainder(f0.unsqueeze(1) * harmonics / SAMPLE_RATE, 1.0)  # x - floor(x), also for F0 < 0
        # The reference upsamples F0 to samples, takes the fraction, then resamples it
        # linearly back to frames; each frame's samples are equal, so that is ``rad``.
        phase = torch.cumsum(rad, dim=-1) * (2 * math.pi * upsample)
        phase = F.interpolate(phase, scale_factor=upsample, mode="linear")
        voiced = (f0 > VOICED_THRESHOLD).to(f0.dtype).repeat_interleave(upsample, dim=-1).unsqueeze(1)
        sines = torch.sin(phase) * SINE_AMP * voiced
        return torch.tanh(self.l_linear(sines.transpose(1, 2))).squeeze(-1)


class Generator(nn.Module):
    def __init__(self, style_dim: int = 128, channels: int = 512):
        super().__init__()
        self.m_source = SourceModule()
        self.ups = nn.ModuleList()
        self.resblocks = nn.ModuleList()
        self.noise_convs = nn.ModuleList()
        self.noise_res = nn.ModuleList()
        for i, (rate, kernel) in enumerate(zip(UPSAMPLE_RATES, UPSAMPLE_KERNELS)):
            ch = channels // 2 ** (i + 1)
            self.ups.append(nn.ConvTranspose1d(ch * 2, ch, kernel, rate, padding=(kernel - rate) // 2))
            self.resblocks.extend(AdaINResBlock1(ch, k, style_dim) for k in RESBLOCK_KERNELS)
            if i + 1 < len(UPSAMPLE_RATES):
                stride = math.prod(UPSAMPLE_RATES[i + 1:])
                self.noise_convs.append(nn.Conv1d(N_FFT + 2, ch, stride * 2, stride, padding=(stride + 1) // 2))
                self.noise_res.append(AdaINResBlock1(ch, 7, style_dim))
            else:
                self.noise_convs.append(nn.Conv1d(N_FFT + 2, ch, 1))
                self.noise_res.append(AdaINResBlock1(ch, 11, style_dim))
        self.conv_post = nn.Conv1d(ch, N_FFT + 2, 7, 1, padding=3)
        self.register_buffer("window", torch.hann_window(N_FFT, periodic=True), persistent=False)
        self.kept_resblocks: tuple[int, ...] = tuple(range(len(RESBLOCK_KERNELS)))
        """Which of each stage's resblocks (by kernel index) run, averaged: all of them,
        except in a distilled student (benchmarks/distill/)."""

    def forward(self, x: torch.Tensor, style: torch.Tensor, f0: torch.Tensor, lengths: Lengths) -> torch.Tensor:
        """x (B, 512, 2F) at twice the frame rate, f0 (B, 2F) -> audio (B, 600 F)."""
        source = self.m_source(f0, math.prod(UPSAMPLE_RATES) * HOP)
        spec = torch.stft(source, N_FFT, HOP, N_FFT, window=self.window, center=True, return_complex=True)
        har = torch.cat([spec.abs(), spec.angle()], dim=1).to(x.dtype)
        # Frame counts of the spectrum per row: 120 F + 1 (the STFT's centre frame).
        har_lengths = lengths.scaled(math.prod(UPSAMPLE_RATES), extra=1)
        in_lengths = lengths
        for i, ups in enumerate(self.ups):
            x = F.leaky_relu(x, 0.1)
            x_lengths = lengths.scaled(math.prod(UPSAMPLE_RATES[: i + 1]))
            noise_lengths = x_lengths if i + 1 < len(self.ups) else har_lengths
            x_source = self.noise_res[i](self.noise_convs[i](har_lengths.zero_pad(har)), style, noise_lengths)
            x = ups(in_lengths.zero_pad(x))
            if i == len(self.ups) - 1:
                x = F.pad(x, (1, 0), mode="reflect")
                x_lengths = har_lengths
            x = x + x_source
            blocks = self.resblocks[i * len(RESBLOCK_KERNELS):(i + 1) * len(RESBLOCK_KERNELS)]
            x = sum(blocks[k](x, style, x_lengths) for k in self.kept_resblocks) / len(self.kept_resblocks)
            in_lengths = x_lengths
        x = self.conv_post(in_lengths.zero_pad(F.leaky_relu(x))).float()
        magnitude = torch.exp(x[:, : N_FFT // 2 + 1])
        phase = torch.sin(x[:, N_FFT // 2 + 1:])
        return torch.istft(torch.polar(magnitude, phase), N_FFT, HOP, N_FFT, window=self.window, center=True)


class Decoder(nn.Module):
    def __init__(self, dim_in: int = 512, style_dim: int = 128):
        super().__init__()
        self.encode = AdainResBlk1d(dim_in + 2, 1024, style_dim)
        self.decode = nn.ModuleList(AdainResBlk1d(1024 + 2 + 64, 1024, style_dim) for _ in range(3))
        self.decode.append(AdainResBlk1d(1024 + 2 + 64, 512, style_dim, upsample=True))
        self.F0_conv = nn.Conv1d(1, 1, 3, 2, 1)
        self.N_conv = nn.Conv1d(1, 1, 3, 2, 1)
        self.asr_res = nn.Sequential(nn.Conv1d(512, 64, 1))
        self.generator = Generator(style_dim)

    def forward(self, asr: torch.Tensor, f0: torch.Tensor, noise: torch.Tensor, style: torch.Tensor, frames: Lengths) -> torch.Tensor:
        """asr (B, 512, F), f0 and noise (B, 2F) -> audio (B, 600 F)."""
        return self.generator(*self.generator_inputs(asr, f0, noise, style, frames))

    def generator_inputs(self, asr, f0, noise, style, frames: Lengths) -> tuple:
        """(x (B, 512, 2F), style, f0 (B, 2F) zero past each row, frame Lengths at 2F):
        the generator's arguments."""
        doubled = frames.scaled(2)
        f0_down = self.F0_conv(doubled.zero_pad(f0.unsqueeze(1)))
        n_down = self.N_conv(doubled.zero_pad(noise.unsqueeze(1)))
        x, lengths = self.encode(torch.cat([asr, f0_down, n_down], dim=1), style, frames)
        asr_res = self.asr_res(asr)
        for block in self.decode:  # every block, the upsampling last one too, sees the residuals
            x, lengths = block(torch.cat([x, asr_res, f0_down, n_down], dim=1), style, lengths)
        return x, style, doubled.zero_pad(f0.unsqueeze(1)).squeeze(1), lengths
