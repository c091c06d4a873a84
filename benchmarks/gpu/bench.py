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
import tempfile
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


def encode_chapter(ffmpeg: str, pcm: np.ndarray, path: Path, coder: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "-",
         "-c:a", "aac", "-aac_coder", coder, "-b:a", "64k", "-threads", "1", str(path)],
        input=pcm.tobytes(), check=True)
    return time.perf_counter() - started


def chapter_pcm(chunks, results) -> np.ndarray:
    """A chapter's chunks in reading order with pauses, as 16-bit PCM."""
    parts = []
    for chunk, result in zip(chunks, results):
        parts.append(result.audio)
        parts.append(np.zeros(int(PAUSES.get(chunk["boundary"], 0.35) * SAMPLE_RATE), np.float32))
    return (np.clip(np.concatenate(parts), -1, 1) * 32767).astype(np.int16)


def mux(ffmpeg: str, plan: dict, names: dict, samples: dict, work: Path) -> Path:
    """Chapter files stream-copied into one M4B with chapter marks."""
    listing = work / "list.txt"
    listing.write_text("".join(f"file '{names[n]}'\n" for n in sorted(names)))
    meta, start = [";FFMETADATA1"], 0
    for n in sorted(names):
        end = start + samples[n] * 1000 // SAMPLE_RATE
        title = plan["chapters"][n]["title"].replace("=", " ").replace("\n", " ")
        meta += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={start}", f"END={end}", f"title={title}"]
        start = end
    (work / "meta.txt").write_text("\n".join(meta) + "\n")
    m4b = work / "book.m4b"
    subprocess.run([ffmpeg, "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
                    "-i", str(work / "meta.txt"), "-map_metadata", "1", "-map_chapters", "1",
                    "-c", "copy", "-f", "mp4", str(m4b)], check=True)
    return m4b


def pipelined_book(engine, plan, chunks, items, batch, ffmpeg: str, coder: str, work: Path) -> dict:
    """Text tokens to M4B with synthesis and encoding overlapped: each chapter is
    synthesized (batched within the chapter), then encoded on a free core while the GPU
    goes on with the next chapter; the chapters are stream-copied together at the end."""
    work.mkdir(parents=True, exist_ok=True)
    by_chapter: dict[int, list[int]] = {}
    for index, (_, chapter) in enumerate(chunks):
        by_chapter.setdefault(chapter, []).append(index)
    names, samples, futures = {}, {}, []
    synchronize()
    started = time.perf_counter()
    gpu_seconds = 0.0
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        for chapter, indices in by_chapter.items():
            results, seconds, _ = run_batches(engine, [items[i] for i in indices], *batch)
            gpu_seconds += seconds
            pcm = chapter_pcm([chunks[i][0] for i in indices], results)
            names[chapter], samples[chapter] = work / f"chapter{chapter:03d}.m4a", pcm.size
            futures.append(pool.submit(encode_chapter, ffmpeg, pcm, names[chapter], coder))
        synthesized = time.perf_counter() - started
        encode_seconds = [f.result() for f in futures]
    encoded = time.perf_counter() - started
    m4b = mux(ffmpeg, plan, names, samples, work)
    total = time.perf_counter() - started
    audio = sum(samples.values()) / SAMPLE_RATE
    return {"aac_coder": coder, "synthesis_loop_s": gpu_seconds, "all_chapters_synthesized_s": synthesized,
            "all_chapters_encoded_s": encoded, "muxed_s": total, "encode_cpu_s": sum(encode_seconds),
            "audio_seconds_with_pauses": audio, "m4b_bytes": m4b.stat().st_size, "x_real_time": audio / total}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", type=Path, required=True)
    parser.add_argument("--plan", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--limit", type=int, default=0, help="only the first N chunks (smoke test)")
    parser.add_argument("--sweep", default="fp32:1x512,fp32:32x16384,fp32:64x16384,bf16:32x16384,bf16:64x16384,bf16:128x32768",
                        help="dtype:batch x padded-token budgets to try on a sample of chunks")
    parser.add_argument("--sweep-chunks", type=int, default=384)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--coders", default="twoloop,fast", help="ffmpeg AAC coders for the end-to-end runs")
    parser.add_argument("--ffmpeg", default=shutil.which("ffmpeg") or "")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    report: dict = {"facts": gpu_facts(), "stages": {}}

    def save() -> None:
        (args.out / "gpu_report.json").write_text(json.dumps(report, indent=2))

    import torch

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
    dtypes = {name: {"fp32": None, "bf16": torch.bfloat16}[name]
              for name in dict.fromkeys(spec.split(":")[0] for spec in args.sweep.split(","))}

    warm_started = time.perf_counter()
    for dtype in dtypes.values():  # warm-up: kernels, allocator, cuDNN handles, the fused kernels' compile
        engine.model.decoder_dtype = dtype
        run_batches(engine, items[:64], 32, 16384)
    report["stages"]["warmup_compile_s"] = time.perf_counter() - warm_started

    sweep = []
    # Every length the book has, in proportion: a spread-out sample, not its first pages.
    subset = [items[i] for i in np.linspace(0, len(items) - 1, min(args.sweep_chunks, len(items))).astype(int)]
    for spec in args.sweep.split(","):
        dtype, sizes = spec.split(":")
        max_batch, max_tokens = (int(v) for v in sizes.split("x"))
        engine.model.decoder_dtype = dtypes[dtype]
        part = subset if max_batch > 1 else subset[:48]
        try:
            results, seconds, batches = run_batches(engine, part, max_batch, max_tokens)
        except torch.OutOfMemoryError:
            torch.cuda.empty_cache()
            sweep.append({"dtype": dtype, "max_batch": max_batch, "max_tokens": max_tokens, "error": "out of GPU memory"})
            continue
        audio = sum(r.audio.size for r in results) / SAMPLE_RATE
        sweep.append({"dtype": dtype, "max_batch": max_batch, "max_tokens": max_tokens, "chunks": len(part),
                      "batches": batches, "seconds": seconds, "audio_seconds": audio, "x_real_time": audio / seconds})
        print(f"sweep {dtype} batch<={max_batch} tokens<={max_tokens}: {audio / seconds:.0f}x real time", flush=True)
        report["sweep"] = sweep
        save()
    best = max((s for s in sweep if "x_real_time" in s), key=lambda s: s["x_real_time"])
    batch = (best["max_batch"], best["max_tokens"])
    report["batch"] = {"dtype": best["dtype"], "max_batch": batch[0], "max_tokens": batch[1]}
    engine.model.decoder_dtype = dtypes[best["dtype"]]

    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()
    results, seconds, batches = run_batches(engine, items, *batch)
    audio_seconds = sum(r.audio.size for r in results) / SAMPLE_RATE
    report["stages"]["synthesis_s"] = seconds
    report["audio_seconds"] = audio_seconds
    report["synthesis_x_real_time"] = audio_seconds / seconds
    report["batches"] = batches
    if torch.cuda.is_available():
        report["gpu_peak_memory_gib"] = torch.cuda.max_memory_allocated() / 2**30
    print(f"book ({best['dtype']}): {audio_seconds / 3600:.2f} h of audio in {seconds:.1f} s = {audio_seconds / seconds:.0f}x",
          flush=True)
    save()

    # The same sample of chunks in every dtype, for Whisper on the CPU machine.
    picks = np.linspace(0, len(items) - 1, min(args.sample, len(items))).astype(int)
    arrays = {"indices": picks}
    for name, dtype in dtypes.items():
        engine.model.decoder_dtype = dtype
        taken = results if dtype is dtypes[best["dtype"]] else run_batches(engine, [items[i] for i in picks], 64, 16384)[0]
        for k, i in enumerate(picks):
            result = results[i] if taken is results else taken[k]
            arrays[f"{name}_a{i}"] = (np.clip(result.audio, -1, 1) * 32767).astype(np.int16)
            arrays[f"{name}_d{i}"] = result.durations
    np.savez_compressed(args.out / "sample.npz", **arrays)
    engine.model.decoder_dtype = dtypes[best["dtype"]]
    del results

    if args.ffmpeg:
        runs = []
        for coder in args.coders.split(","):
            run = pipelined_book(engine, plan, chunks, items, batch, args.ffmpeg, coder, Path(tempfile.gettempdir()) / f"gpu_bench_{coder}")
            # Planning (CPU machine), load, warm-up and compile, then the pipelined run to M4B.
            run["end_to_end_s"] = (plan["plan_seconds"] + report["stages"]["load_s"]
                                   + report["stages"]["warmup_compile_s"] + run["muxed_s"])
            run["end_to_end_x_real_time"] = run["audio_seconds_with_pauses"] / run["end_to_end_s"]
            runs.append(run)
            print(f"pipelined book, aac {coder}: {run['muxed_s']:.1f} s to M4B, "
                  f"{run['end_to_end_x_real_time']:.0f}x end to end", flush=True)
            report["end_to_end"] = runs
            save()
    print(json.dumps({k: report.get(k) for k in ("facts", "stages", "batch", "synthesis_x_real_time",
                                                 "gpu_peak_memory_gib", "end_to_end")}, indent=1))


if __name__ == "__main__":
    main()
