"""The generator's AdaIN + Snake step as one hand-written Triton kernel (CUDA only).

``torch_blocks._adain_snake`` in eager mode is a dozen element-wise passes over the
generator's largest tensors, two thirds of a batch's GPU time. ``torch.compile`` fuses
them, but it costs every process ~9 s before the first batch even with its kernel cache
warm (importing Dynamo and Inductor, tracing, loading the cached kernels; ~18 s on a
machine's first run). This kernel does the same arithmetic in two passes over each row
and compiles once per machine in about a second (Triton keeps it in its own cache), so
loading costs only the import of Triton.

One program per (row, channel): the first pass sums ``x - k`` and its square over the
row's real steps (``k``, the row's first value, is the shift that keeps the one-pass
variance exact enough in float32), the second writes ``(1 + gamma) * (x - mean) /
sqrt(var + eps) + beta``, then Snake ``h + sin(alpha h)^2 / alpha``, and zeros past
the real steps.
"""

from __future__ import annotations

import torch
import triton
import triton.language as tl

BLOCK = 1024
"""Steps per iteration of a program's loops."""


@triton.jit
def _adain_snake_kernel(x_ptr, out_ptr, gamma_ptr, beta_ptr, alpha_ptr, lengths_ptr, channels, steps, eps,
                        BLOCK: tl.constexpr):
    row = tl.program_id(0)
    batch = row // channels
    channel = row % channels
    real = tl.load(lengths_ptr + batch).to(tl.int32)
    base = row.to(tl.int64) * steps
    shift = tl.load(x_ptr + base)
    total = tl.zeros([BLOCK], dtype=tl.float32)
    squares = tl.zeros([BLOCK], dtype=tl.float32)
    for start in range(0, real, BLOCK):
        offsets = start + tl.arange(0, BLOCK)
        inside = offsets < real
        value = tl.where(inside, tl.load(x_ptr + base + offsets, mask=inside, other=0.0) - shift, 0.0)
        total += value
        squares += value * value
    count = real.to(tl.float32)
    shifted_mean = tl.sum(total, axis=0) / count
    variance = tl.maximum(tl.sum(squares, axis=0) / count - shifted_mean * shifted_mean, 0.0)
    mean = shifted_mean + shift
    scale = (1.0 + tl.load(gamma_ptr + row)) * (1.0 / tl.sqrt(variance + eps))
    offset = tl.load(beta_ptr + row)
    alpha = tl.load(alpha_ptr + channel)
    for start in range(0, steps, BLOCK):
        offsets = start + tl.arange(0, BLOCK)
        inside = offsets < real
        value = tl.load(x_ptr + base + offsets, mask=inside, other=0.0)
        h = (value - mean) * scale + offset
        wave = tl.sin(alpha * h)
        h = h + wave * wave / alpha
        tl.store(out_ptr + base + offsets, tl.where(inside, h, 0.0), mask=offsets < steps)


def adain_snake(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor, alpha: torch.Tensor,
                lengths: torch.Tensor, eps: float) -> torch.Tensor:
    """``x`` (B, C, T) float32 on a GPU; ``gamma``/``beta`` (B, C, 1); ``alpha`` (1, C, 1);
    ``lengths`` (B,) real steps of each row. Returns a new (B, C, T) tensor."""
    batch, channels, steps = x.shape
    x = x.contiguous()
    out = torch.empty_like(x)
    _adain_snake_kernel[(batch * channels,)](
        x, out, gamma.reshape(batch, channels).contiguous(), beta.reshape(batch, channels).contiguous(),
        alpha.reshape(channels).contiguous(), lengths.contiguous(), channels, steps, eps, BLOCK=BLOCK,
    )
    return out
