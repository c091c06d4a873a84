"""Whisper tiny.en on a sample of a ``litetts book --device cuda`` run's chunks (made by
``sample_chunks.py`` on the GPU machine) and on the CPU path's audio of the same chunks
(the ONNX engine and model ``--device cpu`` uses on this machine, same token ids and
style row): the word error rates to compare.

    python benchmarks/gpu/wer_book.py SAMPLE-0.npz [SAMPLE-1.npz ...] --out OUT.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from litetts_cli.bench.quality import transcribe, word_error_rate
from litetts_cli.config import resolve
from litetts_cli.engine.engine import EngineOptions
from litetts_cli.speech import load_engine


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("samples", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    settings = resolve({"device": "cpu", "voice": "af_heart"})
    engine = load_engine(settings, EngineOptions(threads=1))
    rows = []
    for path in args.samples:
        data = np.load(path)
        for meta in json.loads(data["meta"].tobytes()):
            n = meta["n"]
            gpu = data[f"audio{n}"].astype(np.float32) / 32767
            cpu = engine.synthesize(data[f"ids{n}"].tolist(), data[f"style{n}"])
            heard = {"gpu": transcribe(gpu, 24_000), "cpu": transcribe(cpu, 24_000)}
            rows.append({**meta, "heard": heard,
                         "wer": {k: word_error_rate(meta["text"], v) for k, v in heard.items()},
                         "seconds": {"gpu": round(gpu.size / 24_000, 2), "cpu": round(cpu.size / 24_000, 2)}})
            print(meta["index"], rows[-1]["wer"], flush=True)
    rows.sort(key=lambda r: r["index"])
    words = [len(r["text"].split()) for r in rows]
    summary = {
        "cpu_model": settings.model,
        "chunks": len(rows),
        "audio_seconds": {k: round(sum(r["seconds"][k] for r in rows), 1) for k in ("gpu", "cpu")},
        "mean_wer": {k: round(float(np.mean([r["wer"][k] for r in rows])), 4) for k in ("gpu", "cpu")},
        "word_weighted_wer": {k: round(float(np.average([r["wer"][k] for r in rows], weights=words)), 4)
                              for k in ("gpu", "cpu")},
        "heard_identically": sum(r["heard"]["gpu"] == r["heard"]["cpu"] for r in rows),
        "rows": rows,
    }
    args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False))
    print(json.dumps({k: v for k, v in summary.items() if k != "rows"}, indent=1))


if __name__ == "__main__":
    main()
