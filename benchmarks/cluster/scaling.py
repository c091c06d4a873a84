"""Batch throughput on a Ray cluster of 1 vs 2 nodes, and the driver's share of the time.

Run from the repository root after `make install`:

    .venv/bin/python benchmarks/cluster/scaling.py            # -> benchmarks/cluster/scaling.json
    python3 benchmarks/cluster/scaling.py --gpus 1,2          # on a 2-GPU machine -> gpu_scaling.json

With ``--gpus``, one Ray node offers 1, then 2 GPUs (``ray start --num-gpus``) and 16
CPUs each time, the engines are torch GPU actors (``--device cuda``, four per GPU), the
library is larger and the output WAV (no encoder to wait on).

It builds a small library (three books, three chapters each, our own text), starts a
real local Ray cluster of one node and then of two (``ray start``, one CPU each: on a
2-core machine that is what "a node" can honestly be), converts the library through
``litetts batch``'s code with ``--cluster`` each time (fresh cache, so every chunk is
synthesized), and the same library with the local pool for reference. The driver's
time is split into planning, writing results to the cache and assembling/encoding,
from timers around those functions, plus its CPU seconds.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import litetts_cli.batch.run as batch_run  # noqa: E402
from litetts_cli.store.cache import AudioCache  # noqa: E402
from litetts_cli.batch.run import BatchOptions, run_batch  # noqa: E402
from litetts_cli.book.run import BookOptions  # noqa: E402
from litetts_cli.config import resolve  # noqa: E402
from tests.cluster.local_ray import start_cluster  # noqa: E402

PARAGRAPHS = [
    "The lighthouse keeper climbed the narrow stairs just before dusk, as he had every evening for {n} years. "
    "Below him, the sea folded itself against the rocks, patient and grey.",
    "On March {d}, the council approved a budget of {n} thousand dollars for new bicycle lanes. Work begins in "
    "June, and officials expect about {d} kilometres to be finished by the end of the year.",
    '"Are you sure this is the right road?" asked Maya, for the {o} time. "Of course I am sure," said her brother, '
    "folding the map. \"Well, mostly sure. Let us keep driving and see.\"",
    "To reset the router, hold the power button for {d} seconds until the light blinks twice. Then open the "
    "settings page, choose a new password, and save your changes before you restart it.",
]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def make_library(folder: Path, books: int = 2, chapters: int = 2, paragraphs: int = 2) -> Path:
    """Markdown books whose chunks all differ (numbers vary), so none is synthesized twice."""
    folder.mkdir(parents=True)
    for b in range(books):
        lines = []
        for c in range(chapters):
            lines.append(f"# Chapter {c + 1}\n")
            for p, text in enumerate(PARAGRAPHS[:paragraphs]):
                k = b * 100 + c * 10 + p
                lines.append(text.format(n=k + 3, d=k % 27 + 2, o=ORDINALS[k % 10]) + "\n")
        (folder / f"book{b + 1}.md").write_text("\n".join(lines))
    return folder


class Timers:
    """Seconds the driver spends in the functions it runs itself."""

    def __init__(self) -> None:
        self.seconds = {"planning": 0.0, "cache_writes": 0.0, "assembly_and_encoding": 0.0}
        self.originals: list[tuple[object, str, object]] = []

    def restore(self) -> None:
        for module, name, original in self.originals:
            setattr(module, name, original)

    def wrap(self, module, name: str, key: str) -> None:
        original = getattr(module, name)
        self.originals.append((module, name, original))

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - started

        setattr(module, name, timed)


def cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # ffmpeg, and loky workers of the local pool
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def convert(library: Path, work: Path, label: str, cluster: str | None, workers: int | None,
            device: str = "cpu", fmt: str = "m4b") -> dict:
    timers = Timers()
    timers.wrap(batch_run, "_prepare", "planning")
    timers.wrap(batch_run, "_assemble", "assembly_and_encoding")
    timers.wrap(AudioCache, "put", "cache_writes")  # in this process: the Ray results (local workers write their own)
    settings = resolve({"cache_dir": work / "cache", "config_file": work / "none.toml", "device": device})
    options = BatchOptions(work / "out", BookOptions(output=work / "out", fmt=fmt, workers=workers, threads=1,
                                                     cluster=cluster))
    books = sorted(library.glob("*.md"))
    cpu0, started = cpu_seconds(), time.perf_counter()
    try:
        result = run_batch(books, settings, options)
    finally:
        timers.restore()
    wall = time.perf_counter() - started
    cpu = cpu_seconds() - cpu0
    assert not result.failed, [b.error for b in result.failed]
    audio = sum(b.audio_seconds for b in result.books)
    chunks = sum(b.result.synthesized for b in result.books)
    driver = timers.seconds
    return {
        "label": label, "engines": result.workers, "books": len(books), "chunks": chunks,
        "audio_seconds": round(audio, 2), "wall_seconds": round(wall, 2),
        "x_real_time": round(audio / wall, 3),
        "driver_seconds": {k: round(v, 2) for k, v in driver.items()},
        "driver_cpu_seconds": round(cpu, 2),
        "driver_cpu_share_of_wall": round(cpu / wall, 3),
    }


def gpu_runs(work: Path, counts: list[int]) -> list[dict]:
    """The library through torch GPU actors on a node offering each count of GPUs."""
    library = make_library(work / "library", books=16, chapters=6, paragraphs=4)
    runs = []
    for gpus in counts:
        cluster = start_cluster(nodes=1, cpus=16, gpus=gpus)
        try:
            runs.append(convert(library, work / f"gpu{gpus}", f"Ray, {gpus} GPU(s), 4 actors per GPU",
                                cluster.address, None, device="cuda", fmt="wav"))
        finally:
            cluster.stop()
    import torch

    for run in runs:
        run["gpu"] = torch.cuda.get_device_name(0)
    return runs


def main() -> None:
    out = ROOT / "benchmarks" / "cluster"
    work = Path(tempfile.mkdtemp(prefix="litetts-scaling-"))
    runs = []
    if "--gpus" in sys.argv:
        counts = [int(n) for n in sys.argv[sys.argv.index("--gpus") + 1].split(",")]
        runs = gpu_runs(work, counts)
        name = "gpu_scaling.json"
    else:
        library = make_library(work / "library")
        if "--with-local" in sys.argv:
            runs.append(convert(library, work / "local", "local pool, 2 workers x 1 thread", None, 2))
        for nodes in (1, 2):
            cluster = start_cluster(nodes)
            try:
                runs.append(convert(library, work / f"ray{nodes}", f"Ray, {nodes} node(s) x 1 CPU", cluster.address,
                                    None))
            finally:
                cluster.stop()
        name = "scaling.json"
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    isa = "avx512" if "avx512f" in cpu else ("avx2" if "avx2" in cpu else "sse/avx")
    report = {"cpu": model, "isa": isa, "cores": len(os.sched_getaffinity(0)),
              "python": platform.python_version(), "runs": runs,
              f"speedup_2_{'gpus' if '--gpus' in sys.argv else 'nodes'}_over_1":
                  round(runs[-1]["x_real_time"] / runs[-2]["x_real_time"], 3)}
    target = Path(os.environ.get("OUT", out)) / name  # OUT: where a remote machine's results are collected
    target.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
