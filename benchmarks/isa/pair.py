"""Whole-process `litetts book` against kokoro-onnx, each on its own pinned pair of cores (issue 12).

    python -m benchmarks.isa.pair --out DIR --isa avx2 --isa native --rounds 4 \\
        --peer-path PEER_SITE --peer-model MODEL.onnx --peer-voices voices.npz

Made for a many-core machine that nothing else uses (the lent device machine): every
process is pinned with `taskset` to two cores, so each sees a quiet 2-core CPU. Cores are
taken one per physical core (hyperthread siblings stay idle). Each ISA level gets two
core pairs, A and B. In a round the peer runs on A while `litetts book` runs on B, the
next round swaps them, so both programs run on both pairs; all levels' processes of a
round start together and the round ends with the last. `--isa avx2` runs under
`benchmarks/isa`'s cpuid mask, `native` unmasked. After each round, when
`--first-audio` is given, streaming `litetts synth` is timed to its first audio byte
(`benchmarks/first_audio/run.py --first-only`) on pair A, alone.

Writes DIR/runs.jsonl (one line per process, as it ends) and DIR/summary.json (per level:
each round's peer/book ratio, the totals, first audio as a share of the peer's wall time).
Wall time is the whole process, from the spawn to its exit.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.isa.run import MaskUnavailable, build, check_machine, masked_env

ROOT = Path(__file__).resolve().parents[2]
PASSAGE = ROOT / "benchmarks" / "first_audio" / "passage.txt"
PEER_SCRIPT = ROOT / "benchmarks" / "first_audio" / "peer.py"
FIRST_AUDIO = ROOT / "benchmarks" / "first_audio" / "run.py"
NATIVE = "native"


def physical_cores() -> list[int]:
    """One logical CPU per physical core among those this process may use, in order."""
    seen: dict[tuple[str, str], int] = {}
    for cpu in sorted(os.sched_getaffinity(0)):
        topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
        try:
            key = ((topology / "physical_package_id").read_text().strip(), (topology / "core_id").read_text().strip())
        except OSError:
            key = (str(cpu), "")
        seen.setdefault(key, cpu)
    return sorted(seen.values())


def cpu_env(env) -> dict[str, str]:
    """``env`` for a 2-core CPU run: litetts on the CPU even where torch sees a GPU (its
    `auto` device would pick CUDA), and OpenMP/BLAS pools sized to the 2 pinned cores (they
    size themselves by the machine's cores, not by the affinity)."""
    env = dict(env, LITETTS_DEVICE="cpu", CUDA_VISIBLE_DEVICES="")
    env.update({name: "2" for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")})
    return env


def level_env(level: str, base: dict[str, str]) -> dict[str, str]:
    return dict(base) if level == NATIVE else masked_env(level, build(), base)


def timed(command: list[str], env: dict[str, str], log: Path) -> dict:
    """Run ``command`` to its end; its stdout is kept, stderr goes to ``log``."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with open(log, "wb") as err:
        done = subprocess.run(command, env=env, stdout=subprocess.PIPE, stderr=err)
    wall = time.perf_counter() - started
    return {"wall_s": round(wall, 3), "rc": done.returncode, "load_start": round(load, 2),
            "load_end": round(os.getloadavg()[0], 2), "stdout": done.stdout.decode("utf-8", "replace")}


def last_json(text: str) -> dict:
    """The JSON object a program printed last (book --json prints one over many lines)."""
    start = text.rfind("\n{")
    start = 0 if start < 0 else start + 1
    try:
        return json.loads(text[start:])
    except ValueError:
        for line in reversed(text.strip().splitlines()):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return {}


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.out = Path(args.out)
        (self.out / "logs").mkdir(parents=True, exist_ok=True)
        self.runs_file = self.out / "runs.jsonl"
        self.lock = threading.Lock()
        self.runs: list[dict] = []

    def record(self, run: dict) -> None:
        with self.lock:
            self.runs.append(run)
            with open(self.runs_file, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(run) + "\n")

    def command(self, program: str, cores: tuple[int, int], tag: str) -> list[str]:
        pin = ["taskset", "-c", ",".join(map(str, cores))]
        a = self.args
        if program == "peer":
            # Threads as many as its cores: ORT's default would pin one per core of the machine.
            return pin + [sys.executable, str(PEER_SCRIPT), a.peer_model, a.peer_voices, a.voice, str(a.text),
                          str(len(cores))]
        book = [sys.executable, "-m", "litetts_cli", "book", str(a.text), "--no-cache", "-f", "wav",
                "-o", str(self.out / f"{tag}.wav"), "--json", "--voice", a.voice]
        return pin + book + (["--model", a.model] if a.model else [])

    def env(self, program: str, level: str) -> dict[str, str]:
        base = cpu_env(os.environ)
        if program == "peer" and self.args.peer_path:
            base["PYTHONPATH"] = os.pathsep.join(filter(None, [self.args.peer_path, base.get("PYTHONPATH")]))
        return level_env(level, base)

    def job(self, level: str, round_: int, program: str, cores: tuple[int, int]) -> None:
        tag = f"{level}-r{round_}-{program}"
        result = timed(self.command(program, cores, tag), self.env(program, level), self.out / "logs" / f"{tag}.err")
        printed = last_json(result.pop("stdout"))
        audio = printed.get("audio_seconds", printed.get("audio_s"))
        run = {"level": level, "round": round_, "program": program, "cores": list(cores), **result,
               "audio_s": audio, "inner_s": printed.get("wall_seconds", printed.get("load_and_create_s")),
               "workers": printed.get("workers"), "threads": printed.get("threads")}
        self.record(run)
        print(json.dumps(run), file=sys.stderr, flush=True)
        (self.out / f"{tag}.wav").unlink(missing_ok=True)

    def first_audio(self, level: str, round_: int, cores: tuple[int, int]) -> None:
        command = ["taskset", "-c", ",".join(map(str, cores)), sys.executable, str(FIRST_AUDIO),
                   "--runs", "1", "--first-only", "--text", str(self.args.text), "--voice", self.args.voice]
        if self.args.model:
            command += ["--model", self.args.model]
        result = timed(command, level_env(level, cpu_env(os.environ)), self.out / "logs" / f"{level}-r{round_}-synth.err")
        printed = last_json(result.pop("stdout"))
        run = {"level": level, "round": round_, "program": "synth-first-audio", "cores": list(cores), **result,
               "first_audio_s": printed.get("first_audio_median_s")}
        self.record(run)
        print(json.dumps(run), file=sys.stderr, flush=True)

    def main(self) -> None:
        a = self.args
        cores = [int(c) for c in a.cores.split(",")] if a.cores else physical_cores()
        need = 4 * len(a.isa)
        if len(cores) < need:
            raise SystemExit(f"pair: {len(a.isa)} levels need {need} physical cores, this process may use {len(cores)}")
        pairs = {level: ((cores[4 * i], cores[4 * i + 1]), (cores[4 * i + 2], cores[4 * i + 3]))
                 for i, level in enumerate(a.isa)}
        started = time.perf_counter()
        last = 0.0
        for round_ in range(a.rounds):
            if round_ and time.perf_counter() - started + 1.1 * last > a.budget_s:
                print(f"pair: stopping before round {round_}: the budget of {a.budget_s} s would be passed",
                      file=sys.stderr)
                break
            began = time.perf_counter()
            threads = []
            for level, (pair_a, pair_b) in pairs.items():
                peer_cores, book_cores = (pair_a, pair_b) if round_ % 2 == 0 else (pair_b, pair_a)
                for program, at in (("peer", peer_cores), ("book", book_cores)):
                    threads.append(threading.Thread(target=self.job, args=(level, round_, program, at)))
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if a.first_audio:
                for level, (pair_a, _) in pairs.items():
                    self.first_audio(level, round_, pair_a)
            last = time.perf_counter() - began
            self.write_summary(pairs)
        self.print_digest()

    def print_digest(self) -> None:
        """The summary in a few lines (the device machine returns only the output's tail)."""
        summary = json.loads((self.out / "summary.json").read_text("utf-8"))
        keys = ("peer_total_s", "book_total_s", "peer_over_book", "ratio_range", "first_audio_s",
                "first_audio_share_of_peer")
        for level, entry in summary["levels"].items():
            print(level, json.dumps({k: entry.get(k) for k in keys}))
            for round_ in entry["rounds"]:
                print("  ", json.dumps(round_))
            for failed in entry["failed"]:
                print("   failed:", json.dumps(failed))

    def write_summary(self, pairs) -> None:
        text = Path(self.args.text).resolve()
        summary = {"passage": str(text.relative_to(ROOT)) if text.is_relative_to(ROOT) else text.name, "characters": len(Path(self.args.text).read_text("utf-8")),
                   "model": self.args.model or "the default chosen for this CPU", "levels": {}}
        for level, cores in pairs.items():
            mine = [r for r in self.runs if r["level"] == level]
            rounds = []
            for round_ in sorted({r["round"] for r in mine}):
                by = {r["program"]: r for r in mine if r["round"] == round_}
                if "peer" in by and "book" in by and by["peer"]["rc"] == 0 and by["book"]["rc"] == 0:
                    rounds.append({"round": round_, "peer_cores": by["peer"]["cores"], "book_cores": by["book"]["cores"],
                                   "peer_wall_s": by["peer"]["wall_s"], "book_wall_s": by["book"]["wall_s"],
                                   "peer_over_book": round(by["peer"]["wall_s"] / by["book"]["wall_s"], 3),
                                   "peer_audio_s": by["peer"]["audio_s"], "book_audio_s": by["book"]["audio_s"]})
            first = [r["first_audio_s"] for r in mine if r["program"] == "synth-first-audio" and r["first_audio_s"]]
            entry = {"core_pairs": [list(c) for c in cores], "rounds": rounds,
                     "failed": [r for r in mine if r["rc"] != 0], "first_audio_s": first}
            if rounds:
                peer = sum(r["peer_wall_s"] for r in rounds)
                book = sum(r["book_wall_s"] for r in rounds)
                entry.update(peer_total_s=round(peer, 2), book_total_s=round(book, 2),
                             peer_over_book=round(peer / book, 3),
                             ratio_range=[min(r["peer_over_book"] for r in rounds),
                                          max(r["peer_over_book"] for r in rounds)])
                if first:
                    peer_median = statistics.median(r["peer_wall_s"] for r in rounds)
                    entry["first_audio_share_of_peer"] = round(statistics.median(first) / peer_median, 4)
            summary["levels"][level] = entry
        (self.out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.isa.pair", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder for runs.jsonl, summary.json and logs/")
    parser.add_argument("--isa", action="append", choices=(NATIVE, "avx2", "avx512"), required=True,
                        help="a level to measure (repeat: levels run side by side on their own cores)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--budget-s", type=float, default=1e9, help="start no round that would end after this")
    parser.add_argument("--text", type=Path, default=PASSAGE)
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--model", default=None, help="litetts model name (default: the one chosen for this CPU)")
    parser.add_argument("--peer-path", default=None, help="folder with kokoro-onnx, put first on the peer's PYTHONPATH")
    parser.add_argument("--peer-model", required=True, help="ONNX file the peer runs (the bundled int8 file)")
    parser.add_argument("--peer-voices", required=True, help="the peer's voices .npz")
    parser.add_argument("--cores", default=None,
                        help="CPU ids to use, four per level, pair by pair (default: one per physical core); "
                             "repeats allowed for a dry run")
    parser.add_argument("--first-audio", action="store_true", help="time streaming synth's first audio after each round")
    args = parser.parse_args(argv)
    if any(level != NATIVE for level in args.isa):
        try:
            check_machine()
        except MaskUnavailable as exc:
            raise SystemExit(f"pair: {exc}") from None
    Bench(args).main()


if __name__ == "__main__":
    main()
