"""Whole-book synthesis with several processes sharing one GPU, each batching its share.

Each process loads the engine, warms up, waits at a barrier, then synthesizes every
N-th chunk (so every share has the book's mix of lengths); the wall time runs from the
barrier to the last process's end.

    python benchmarks/gpu/procs.py --weights W.npz --plan book.json --procs 2,3,4 --out OUT.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch.multiprocessing as mp

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def worker(rank, procs, weights, plan_path, batch, barrier, results):
    from bench import run_batches

    from litetts_cli.engine.torch_engine import BatchItem, TorchEngine
    from litetts_cli.engine.torch_weights import load_compact

    plan = json.loads(Path(plan_path).read_text())
    pack = np.asarray(plan["style_pack"], dtype=np.float32)
    chunks = [c for ch in plan["chapters"] for c in ch["chunks"] if c["ids"]]
    items = [BatchItem(c["ids"], pack[min(len(c["ids"]), len(pack) - 1)], 1.0) for c in chunks]
    engine = TorchEngine(Path("model.onnx"), "cuda", state=load_compact(Path(weights)))
    run_batches(engine, items[:64], *batch)
    barrier.wait()
    out, seconds, _ = run_batches(engine, items[rank::procs], *batch)
    results.put((rank, sum(r.audio.size for r in out) / 24_000, seconds, time.time()))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--procs", default="2,3,4")
    parser.add_argument("--batch", default="64x16384")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    batch = tuple(int(v) for v in args.batch.split("x"))
    ctx = mp.get_context("spawn")
    report = []
    for procs in (int(p) for p in args.procs.split(",")):
        barrier, results = ctx.Barrier(procs + 1), ctx.Queue()
        workers = [ctx.Process(target=worker, args=(r, procs, args.weights, args.plan, batch, barrier, results))
                   for r in range(procs)]
        for w in workers:
            w.start()
        barrier.wait()
        started = time.time()
        done = [results.get() for _ in workers]
        for w in workers:
            w.join()
        wall = max(d[3] for d in done) - started
        audio = sum(d[1] for d in done)
        report.append({"procs": procs, "batch": batch, "wall_s": wall, "audio_seconds": audio, "x_real_time": audio / wall,
                       "per_process_s": [d[2] for d in done]})
        print(f"{procs} processes: {audio / 3600:.2f} h in {wall:.1f} s = {audio / wall:.0f}x", flush=True)
        args.out.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
