"""Where one batch's GPU time goes: torch.profiler's top kernels, and the batch's time
with cuDNN's autotuner off (the engine's setting) and on (after tuning that shape).

    python benchmarks/gpu/fusion.py --weights W.npz --plan book.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import run_batches  # noqa: E402

from litetts_cli.engine import torch_blocks  # noqa: E402
from litetts_cli.engine.convert import log_mel_distance  # noqa: E402
from litetts_cli.engine.torch_engine import BatchItem, TorchEngine  # noqa: E402
from litetts_cli.engine.torch_weights import load_compact  # noqa: E402


def timed(engine, items, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        _, seconds, _ = run_batches(engine, items, 64, 16384)
        best = min(best, seconds)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    plan = json.loads(Path(args.plan).read_text())
    pack = np.asarray(plan["style_pack"], dtype=np.float32)
    chunks = [c for ch in plan["chapters"] for c in ch["chunks"] if c["ids"]]
    items = [BatchItem(c["ids"], pack[min(len(c["ids"]), len(pack) - 1)], 1.0) for c in chunks]
    engine = TorchEngine(Path("model.onnx"), "cuda", state=load_compact(Path(args.weights)))
    torch_blocks.fuse_on_gpu(False)
    counts = np.array([len(i.token_ids) for i in items])
    median = [items[i] for i in np.argsort(np.abs(counts - np.median(counts)))[:64]]
    report = {}
    for fused in (False, True):
        torch_blocks.fuse_on_gpu(fused)
        started = time.perf_counter()
        try:
            first, _, _ = run_batches(engine, median, 64, 16384)  # compiles when fused
        except Exception as exc:  # report a compile failure, measure the eager engine
            print(f"fused={fused} failed: {type(exc).__name__}: {str(exc)[:2000]}", flush=True)
            torch_blocks.fuse_on_gpu(False)
            first = eager
            break
        report[f"first_batch_s_fused_{fused}"] = time.perf_counter() - started
        seconds = timed(engine, median)
        audio = sum(r.audio.size for r in first) / 24_000
        report[f"median_batch_x_real_time_fused_{fused}"] = audio / seconds
        print(f"fused={fused}: first batch {report[f'first_batch_s_fused_{fused}']:.1f} s, then {seconds * 1000:.0f} ms "
              f"for {audio:.0f} s of audio = {audio / seconds:.0f}x", flush=True)
        if not fused:
            eager = first
    distances = [log_mel_distance(a.audio, b.audio) for a, b in zip(eager, first)]
    same = all((a.durations == b.durations).all() for a, b in zip(eager, first))
    report["fused_vs_eager_max_log_mel"] = max(distances)
    print(f"fused vs eager: same durations {same}, worst log-mel distance {max(distances):.4f}", flush=True)
    torch.cuda.reset_peak_memory_stats()
    results, seconds, batches = run_batches(engine, items, 64, 16384)
    audio = sum(r.audio.size for r in results) / 24_000
    report.update(book_synthesis_s=seconds, book_audio_s=audio, book_x_real_time=audio / seconds, batches=batches,
                  gpu_peak_memory_gib=torch.cuda.max_memory_allocated() / 2**30)
    print(f"book, fused: {audio / 3600:.2f} h in {seconds:.1f} s = {audio / seconds:.0f}x", flush=True)
    picks = np.linspace(0, len(items) - 1, 40).astype(int)
    np.savez_compressed(Path(args.out) / "sample_fused.npz", indices=picks,
                        **{f"a{i}": (np.clip(results[i].audio, -1, 1) * 32767).astype(np.int16) for i in picks})
    with torch.profiler.profile(activities=[torch.profiler.ProfilerActivity.CUDA]) as prof:
        run_batches(engine, median, 64, 16384)
    print(prof.key_averages().table(sort_by="cuda_time_total", row_limit=12, max_name_column_width=50))
    (Path(args.out) / "fused.json").write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
