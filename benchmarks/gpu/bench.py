"""GPU benchmark of the torch engine on a whole book: synthesis, assembly, AAC, M4B.

Runs where torch and a GPU are (no litetts text stack needed): the book comes planned
as token ids by ``plan_book.py``, the weights as the compact file of
``litetts_cli.engine.torch_weights.save_compact``. Stages, each timed on the wall clock
(the GPU synchronized): load, batch-size sweep, whole-book synthesis, per-chapter
assembly, per-chapter AAC encoding on all cores in parallel, and one stream-copy of
the chapters into an M4B with chapter marks. Writes ``gpu_report.json`` and a sample
of chunks (``sample.npz``) for Whisper on the CPU machine.

    python benchmarks/gpu/bench.py --weights W.npz --plan book.json --out DIR
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from litetts_cli.engine.torch_engine import BatchItem, TorchEngine, length_batches  # noqa: E402
from litetts_cli.engine.torch_weights import load_compact  # noqa: E402

SAMPLE_RATE = 24_000
PAUSES = {"clause": 0.15, "sentence": 0.35, "paragraph": 0.7, "heading": 1.0, "chapter": 1.5}
"""Seconds of silence after a chunk, by what follows it (litetts's default profile)."""


def gpu_facts() -> dict:
    import torch

    facts = {"torch": torch.__version__, "cuda": torch.version.cuda, "python": platform.python_version(),
             "cpu_cores": os.cpu_count()}
    if torch.cuda.is_available():
        facts["gpu"] = torch.cuda.get_device_name(0)
        try:
            facts["driver"] = subprocess.run(
                ["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            facts["driver"] = "unknown"
    return facts


def synchronize() -> None:
    import torch

    if torch.cuda.is_available():
        torch.cuda.synchronize()


def run_batches(engine: TorchEngine, items: list[BatchItem], max_batch: int, max_tokens: int):
    """Synthesize ``items`` in length-sorted batches; (results in order, seconds, batches)."""
    results = [None] * len(items)
    counts = [len(i.token_ids) for i in items]
    synchronize()
    started = time.perf_counter()
    batches = 0
    for batch in length_batches(counts, max_batch, max_tokens):
        for index, result in zip(batch, engine.synthesize_batch([items[i] for i in batch])):
            results[index] = result
        batches += 1
    synchronize()
    return results, time.perf_counter() - started, batches


def encode_chapter(ffmpeg: str, pcm: np.ndarray, path: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "-",
         "-c:a", "aac", "-b:a", "64k", "-threads", "1", str(path)],
        input=pcm.tobytes(), check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--limit", type=int, default=0, help="only the first N chunks (smoke test)")
    parser.add_argument("--sweep", default="1x512,32x8192,64x16384,128x32768,256x65536",
                        help="batch x padded-token budgets to try on a subset")
    parser.add_argument("--sweep-chunks", type=int, default=384)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--ffmpeg", default=shutil.which("ffmpeg") or "")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict = {"facts": gpu_facts(), "stages": {}}

    def save() -> None:
        (args.out / "gpu_report.json").write_text(json.dumps(report, indent=2))

    started = time.perf_counter()
    plan = json.loads(args.plan.read_text())
    pack = np.asarray(plan["style_pack"], dtype=np.float32)
    chunks = [(c, n) for n, ch in enumerate(plan["chapters"]) for c in ch["chunks"] if c["ids"]]
    if args.limit:
        chunks = chunks[: args.limit]
    items = [BatchItem(c["ids"], pack[min(len(c["ids"]), len(pack) - 1)], 1.0) for c, _ in chunks]
    engine = TorchEngine(Path("model.onnx"), args.device, state=load_compact(args.weights))
    synchronize()
    report["stages"]["load_s"] = time.perf_counter() - started
    report.update(book=plan["book"], words=plan["words"], chunks=len(items), plan_seconds_cpu=plan["plan_seconds"])

    # Warm-up: kernels, allocator, cuDNN handles.
    run_batches(engine, items[:64], 32, 16384)

    sweep = []
    subset = items[: args.sweep_chunks]
    for spec in args.sweep.split(","):
        max_batch, max_tokens = (int(v) for v in spec.split("x"))
        part = subset if max_batch > 1 else subset[:48]
        results, seconds, batches = run_batches(engine, part, max_batch, max_tokens)
        audio = sum(r.audio.size for r in results) / SAMPLE_RATE
        sweep.append({"max_batch": max_batch, "max_tokens": max_tokens, "chunks": len(part), "batches": batches,
                      "seconds": seconds, "audio_seconds": audio, "x_real_time": audio / seconds})
        print(f"sweep batch<={max_batch} tokens<={max_tokens}: {audio / seconds:.0f}x real time", flush=True)
        report["sweep"] = sweep
        save()
    best = max(sweep, key=lambda s: s["x_real_time"])
    report["batch"] = {"max_batch": best["max_batch"], "max_tokens": best["max_tokens"]}

    import torch

    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    results, seconds, batches = run_batches(engine, items, best["max_batch"], best["max_tokens"])
    audio_seconds = sum(r.audio.size for r in results) / SAMPLE_RATE
    report["stages"]["synthesis_s"] = seconds
    report["audio_seconds"] = audio_seconds
    report["synthesis_x_real_time"] = audio_seconds / seconds
    report["batches"] = batches
    if torch.cuda.is_available():
        report["gpu_peak_memory_gib"] = torch.cuda.max_memory_allocated() / 2**30
    print(f"book: {audio_seconds / 3600:.2f} h of audio in {seconds:.1f} s = {audio_seconds / seconds:.0f}x", flush=True)
    save()

    # Assembly: chunks in reading order with pauses, per chapter, to 16-bit PCM.
    t0 = time.perf_counter()
    by_chapter: dict[int, list] = {}
    for (chunk, chapter), result in zip(chunks, results):
        by_chapter.setdefault(chapter, []).append(result.audio)
        by_chapter[chapter].append(np.zeros(int(PAUSES.get(chunk["boundary"], 0.35) * SAMPLE_RATE), np.float32))
    pcm = {n: (np.clip(np.concatenate(parts), -1, 1) * 32767).astype(np.int16) for n, parts in by_chapter.items()}
    report["stages"]["assembly_s"] = time.perf_counter() - t0

    # A sample of chunks for Whisper on the CPU machine (same indices there).
    picks = np.linspace(0, len(items) - 1, min(args.sample, len(items))).astype(int)
    np.savez_compressed(args.out / "sample.npz", indices=picks,
                        **{f"a{i}": (np.clip(results[i].audio, -1, 1) * 32767).astype(np.int16) for i in picks},
                        **{f"d{i}": results[i].durations for i in picks})
    save()

    if args.ffmpeg:
        work = Path("/tmp/gpu_bench_encode")
        work.mkdir(exist_ok=True)
        t0 = time.perf_counter()
        names = {n: work / f"chapter{n:03d}.m4a" for n in pcm}
        with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
            list(pool.map(lambda n: encode_chapter(args.ffmpeg, pcm[n], names[n]), sorted(pcm, key=lambda n: -pcm[n].size)))
        report["stages"]["encode_parallel_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        listing = work / "list.txt"
        listing.write_text("".join(f"file '{names[n]}'\n" for n in sorted(names)))
        meta, start = [";FFMETADATA1"], 0
        for n in sorted(pcm):
            end = start + pcm[n].size * 1000 // SAMPLE_RATE
            title = plan["chapters"][n]["title"].replace("=", " ").replace("\n", " ")
            meta += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}", f"title={title}"]
            start = end
        (work / "meta.txt").write_text("\n".join(meta) + "\n")
        m4b = work / "book.m4b"
        subprocess.run([args.ffmpeg, "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                        "-i", str(work / "meta.txt"), "-map_metadata", "1", "-map_chapters", "1",
                        "-c", "copy", "-f", "mp4", str(m4b)], check=True)
        report["stages"]["mux_s"] = time.perf_counter() - t0
        report["m4b_bytes"] = m4b.stat().st_size
    stages = report["stages"]
    # Text to tokens ran on the planning machine's CPU; counted here as measured there.
    end_to_end = plan["plan_seconds"] + sum(stages.values())
    report["end_to_end_s"] = end_to_end
    report["end_to_end_x_real_time"] = audio_seconds / end_to_end
    save()
    print(json.dumps({k: report[k] for k in ("facts", "stages", "batch", "synthesis_x_real_time",
                                             "end_to_end_x_real_time", "audio_seconds")}, indent=1))


if __name__ == "__main__":
    main()
