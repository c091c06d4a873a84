"""Whisper tiny.en on a sample of the GPU benchmark's chunks and on the CPU engine's audio
of the same chunks: the word error rates to compare, and the log-mel distance.

    python benchmarks/gpu/wer.py book.json sample.npz OUT.json [--every 2]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from litetts_cli.bench.quality import transcribe, word_error_rate
from litetts_cli.config import resolve
from litetts_cli.engine.convert import log_mel_distance
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.speech import load_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("sample", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--every", type=int, default=2)
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text())
    pack = np.asarray(plan["style_pack"], dtype=np.float32)
    chunks = [c for ch in plan["chapters"] for c in ch["chunks"] if c["ids"]]
    sample = np.load(args.sample)
    settings = resolve({"device": "cpu", "voice": plan["voice"]})
    engine = load_engine(settings, EngineOptions(threads=2))
    rows = []
    for index in sample["indices"][:: args.every]:
        chunk = chunks[int(index)]
        gpu = sample[f"a{index}"].astype(np.float32) / 32767
        cpu = engine.synthesize(chunk["ids"], pack[min(len(chunk["ids"]), len(pack) - 1)])
        heard = {"gpu": transcribe(gpu, 24_000), "cpu": transcribe(cpu, 24_000)}
        rows.append({
            "index": int(index), "text": chunk["text"], "heard": heard,
            "wer": {k: word_error_rate(chunk["text"], v) for k, v in heard.items()},
            "seconds": {"gpu": gpu.size / 24_000, "cpu": cpu.size / 24_000},
            "log_mel_distance": log_mel_distance(cpu, np.clip(gpu, -1, 1)) if cpu.size == gpu.size else None,
        })
        print(rows[-1]["index"], rows[-1]["wer"], flush=True)
    summary = {
        "cpu_model": settings.model,
        "chunks": len(rows),
        "mean_wer": {k: float(np.mean([r["wer"][k] for r in rows])) for k in ("gpu", "cpu")},
        "same_length": sum(r["log_mel_distance"] is not None for r in rows),
        "mean_log_mel_distance_same_length": float(np.mean([r["log_mel_distance"] for r in rows if r["log_mel_distance"] is not None] or [np.nan])),
        "rows": rows,
    }
    args.out.write_text(json.dumps(summary, indent=2))
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
