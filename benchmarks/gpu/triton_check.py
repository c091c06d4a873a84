"""The hand-written Triton AdaIN + Snake kernel against the eager arithmetic and against
``torch.compile`` (GPU machine):

1. the kernel alone on random padded batches (several channel counts and lengths):
   largest error within the real steps, and that padded steps are exactly zero;
2. the whole model on real chunks (``--chunks``: ids and style rows saved by
   ``sample_chunks.py``) with each fusion: same per-token durations, log-mel distance of
   the audio to eager's, and milliseconds per batch of 64.

    python benchmarks/gpu/triton_check.py MODEL.onnx --chunks SAMPLE.npz --out OUT.json
Exits 1 when the kernel is off (error over 1e-4 of the values' scale, or a padded step not zero).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from litetts_cli.engine import torch_blocks
from litetts_cli.engine.torch_engine import BatchItem, TorchEngine
from litetts_cli.engine.torch_triton import adain_snake
from litetts_cli.spectral import log_mel_distance


def kernel_rows() -> list[dict]:
    generator = torch.Generator(device="cuda").manual_seed(0)
    rows = []
    for channels, steps in ((64, 37), (128, 480), (512, 5000), (256, 40_000), (128, 144_001)):
        lengths = torch.randint(1, steps + 1, (4,), device="cuda", generator=generator)
        lengths[0] = steps
        x = 0.5 + 2 * torch.randn(4, channels, steps, device="cuda", generator=generator)
        gamma = 0.3 * torch.randn(4, channels, 1, device="cuda", generator=generator)
        beta = 0.3 * torch.randn(4, channels, 1, device="cuda", generator=generator)
        alpha = 0.2 + 2.8 * torch.rand(1, channels, 1, device="cuda", generator=generator)
        mask = (torch.arange(steps, device="cuda")[None, :] < lengths[:, None]).unsqueeze(1).float()
        want = torch_blocks._adain_snake(x, gamma, beta, alpha, mask, lengths.float().view(-1, 1, 1))
        got = adain_snake(x, gamma, beta, alpha, lengths, torch_blocks.NORM_EPS)
        inside = mask.bool().expand_as(want)
        error = float(((got - want).abs()[inside]).max() / want.abs()[inside].max().clamp(min=1))
        rows.append({"channels": channels, "steps": steps, "relative_error": error,
                     "padding_zero": bool((got[~inside] == 0).all())})
        print(rows[-1], flush=True)
    return rows


def model_rows(model: Path, chunks: Path) -> dict:
    data = np.load(chunks)
    meta = json.loads(data["meta"].tobytes())
    items = [BatchItem(data[f"ids{m['n']}"].tolist(), data[f"style{m['n']}"]) for m in meta]
    batch = (items * (64 // len(items) + 1))[:64]
    engine = TorchEngine(model, "cuda:0")
    out, timing = {}, {}
    for fusion in ("eager", "triton", "compile"):
        torch_blocks.fuse_on_gpu(fusion != "eager", fusion)
        out[fusion] = engine.synthesize_batch(items)
        engine.synthesize_batch(batch)  # compiles, warms
        torch.cuda.synchronize()
        started = time.perf_counter()
        for _ in range(3):
            engine.synthesize_batch(batch)
        torch.cuda.synchronize()
        timing[fusion] = round((time.perf_counter() - started) / 3 * 1000, 1)
    result = {"ms_per_batch_of_64": timing}
    for fusion in ("triton", "compile"):
        same = all(np.array_equal(a.durations, b.durations) for a, b in zip(out["eager"], out[fusion]))
        distance = max(log_mel_distance(a.audio, b.audio) for a, b in zip(out["eager"], out[fusion])
                       if a.audio.size == b.audio.size)
        result[fusion] = {"same_durations": same, "worst_log_mel_distance_to_eager": round(distance, 5)}
    print(result, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("--chunks", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    kernel = kernel_rows()
    report = {"kernel": kernel, "model": model_rows(args.model, args.chunks),
              "gpu": torch.cuda.get_device_name(0), "torch": torch.__version__}
    args.out.write_text(json.dumps(report, indent=1))
    bad = [r for r in kernel if r["relative_error"] > 1e-4 or not r["padding_zero"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
