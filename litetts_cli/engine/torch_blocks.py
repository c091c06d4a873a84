"""Building blocks of the Kokoro torch model that work on padded batches.

Every block takes ``(B, C, T)`` tensors and a :class:`Lengths` saying how many time
steps of each row are real. Two rules make a padded row give the same numbers as the
row run alone: instance-norm statistics are taken over the real steps only, and the
input of every convolution wider than one step is zero past the real steps (the row run
alone sees the convolution's own zero padding there). Values past the real steps are
otherwise left as they fall; nothing reads them.
"""

from __future__ import annotations

import importlib.util
import math

import torch
import torch.nn.functional as F
from torch import nn

NORM_EPS = 1e-5


class Lengths:
    """Real lengths of a padded batch at one time resolution, with a cached mask."""

    def __init__(self, lengths: torch.Tensor, padded: int):
        self.lengths = lengths
        self.padded = padded
        self.full = bool((lengths == padded).all())
        """No row is padded: masking can be skipped."""
        self._mask: torch.Tensor | None = None

    @property
    def mask(self) -> torch.Tensor:
        """(B, 1, T) float, 1 on real steps."""
        if self._mask is None:
            steps = torch.arange(self.padded, device=self.lengths.device)
            self._mask = (steps[None, :] < self.lengths[:, None]).unsqueeze(1).float()
        return self._mask

    def scaled(self, factor: int, extra: int = 0) -> "Lengths":
        return Lengths(self.lengths * factor + extra, self.padded * factor + extra)

    def zero_pad(self, x: torch.Tensor) -> torch.Tensor:
        return x if self.full else x * self.mask.to(x.dtype)


def instance_norm(x: torch.Tensor, lengths: Lengths) -> torch.Tensor:
    """InstanceNorm1d without affine weights, over each row's real steps."""
    if x.dtype != torch.float32:  # statistics in float32 under bf16 autocast
        return instance_norm(x.float(), lengths).to(x.dtype)
    if lengths.full:
        return F.instance_norm(x, eps=NORM_EPS)
    mask = lengths.mask.to(x.dtype)
    count = lengths.lengths.to(x.dtype).view(-1, 1, 1)
    mean = (x * mask).sum(-1, keepdim=True) / count
    var = (((x - mean) * mask) ** 2).sum(-1, keepdim=True) / count
    return (x - mean) * torch.rsqrt(var + NORM_EPS)


def _adain_snake(x, gamma, beta, alpha, mask, count):
    """AdaIN over the real steps, then Snake (x + sin(a x)^2 / a), zero past them."""
    mean = (x * mask).sum(-1, keepdim=True) / count
    centered = (x - mean) * mask
    var = (centered * centered).sum(-1, keepdim=True) / count
    h = (1 + gamma) * (x - mean) * torch.rsqrt(var + NORM_EPS) + beta
    h = h + torch.sin(alpha * h) ** 2 / alpha
    return h * mask


_FUSED: dict = {}
FUSIONS = ("triton", "compile")
"""How the generator's AdaIN + Snake step is fused on a GPU: the hand-written Triton
kernel (``torch_triton``, the default), or ``torch.compile`` of :func:`_adain_snake`
(kept to compare against: same arithmetic, ~9 s more loading per process)."""


def fuse_on_gpu(enabled: bool, fusion: str = "triton") -> None:
    """Run :func:`adain_snake` as one fused kernel on CUDA (``fusion``, one of
    :data:`FUSIONS`). In eager mode its dozen element-wise passes over the generator's
    largest tensors were two thirds of a batch's GPU time (benchmarks/gpu/)."""
    if not enabled:
        _FUSED.pop("cuda", None)
    elif importlib.util.find_spec("triton") is not None:
        if fusion == "triton":
            from litetts_cli.engine import torch_triton

            _FUSED["cuda"] = lambda x, gamma, beta, alpha, lengths: torch_triton.adain_snake(
                x, gamma, beta, alpha, lengths.lengths, NORM_EPS)
        else:
            compiled = torch.compile(_adain_snake, dynamic=True, fullgraph=True)
            _FUSED["cuda"] = lambda x, gamma, beta, alpha, lengths: compiled(
                x, gamma, beta, alpha, lengths.mask, lengths.lengths.to(x.dtype).view(-1, 1, 1))


def warm_fused(device: str) -> None:
    """Compile the fused kernel's variants now (Triton specializes on whether a row's
    step count is a multiple of 16), rather than in the middle of a book."""
    if "cuda" not in _FUSED or not device.startswith("cuda"):
        return
    for steps in (32, 33):
        x = torch.ones(1, 16, steps, device=device)
        _FUSED["cuda"](x, x[:, :, :1], x[:, :, :1], x[:, :, :1], Lengths(torch.tensor([steps], device=device), steps))


def adain_snake(norm: "AdaIN1d", alpha: torch.Tensor, x: torch.Tensor, style: torch.Tensor, lengths: Lengths) -> torch.Tensor:
    """``zero_pad(snake(norm(x, style)))``: the generator's norm-activation step."""
    gamma, beta = norm.fc(style).unsqueeze(-1).chunk(2, dim=1)
    if x.is_cuda and "cuda" in _FUSED and x.dtype == torch.float32:
        return _FUSED["cuda"](x, gamma, beta, alpha, lengths)
    h = (1 + gamma) * instance_norm(x, lengths) + beta
    return lengths.zero_pad(h + (1 / alpha) * torch.sin(alpha * h) ** 2)


class AdaIN1d(nn.Module):
    """Instance norm whose scale and shift come from the style vector."""

    def __init__(self, style_dim: int, channels: int):
        super().__init__()
        self.fc = nn.Linear(style_dim, channels * 2)

    def forward(self, x: torch.Tensor, style: torch.Tensor, lengths: Lengths) -> torch.Tensor:
        gamma, beta = self.fc(style).unsqueeze(-1).chunk(2, dim=1)
        return (1 + gamma) * instance_norm(x, lengths) + beta


class AdainResBlk1d(nn.Module):
    """StyleTTS2's residual block: AdaIN, LeakyReLU, conv, twice; optional 2x upsampling."""

    def __init__(self, dim_in: int, dim_out: int, style_dim: int, upsample: bool = False):
        super().__init__()
        self.upsample = upsample
        self.conv1 = nn.Conv1d(dim_in, dim_out, 3, 1, 1)
        self.conv2 = nn.Conv1d(dim_out, dim_out, 3, 1, 1)
        self.norm1 = AdaIN1d(style_dim, dim_in)
        self.norm2 = AdaIN1d(style_dim, dim_out)
        if dim_in != dim_out:
            self.conv1x1 = nn.Conv1d(dim_in, dim_out, 1, 1, 0, bias=False)
        if upsample:
            self.pool = nn.ConvTranspose1d(dim_in, dim_in, 3, 2, 1, output_padding=1, groups=dim_in)

    def forward(self, x: torch.Tensor, style: torch.Tensor, lengths: Lengths) -> tuple[torch.Tensor, Lengths]:
        out_lengths = lengths.scaled(2) if self.upsample else lengths
        h = F.leaky_relu(self.norm1(x, style, lengths), 0.2)
        if self.upsample:
            h = self.pool(lengths.zero_pad(h))
        h = self.conv1(out_lengths.zero_pad(h))
        h = F.leaky_relu(self.norm2(h, style, out_lengths), 0.2)
        h = self.conv2(out_lengths.zero_pad(h))
        shortcut = F.interpolate(x, scale_factor=2, mode="nearest") if self.upsample else x
        if hasattr(self, "conv1x1"):
            shortcut = self.conv1x1(shortcut)
        return (h + shortcut) * (1 / math.sqrt(2)), out_lengths


def packed_lstm(lstm: nn.LSTM, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    """A batch-first bidirectional LSTM over (B, T, C) that never reads padding;
    padded steps come back as zeros."""
    if bool((lengths == x.shape[1]).all()):
        return lstm(x)[0]
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
    out, _ = lstm(packed)
    return nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])[0]
