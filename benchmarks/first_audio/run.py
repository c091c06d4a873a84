"""Time to first audio of streaming `litetts synth`, against the peer's whole passage (issue 12).

    .venv/bin/python benchmarks/first_audio/run.py --runs 3
    .venv/bin/python benchmarks/first_audio/run.py --runs 3 --preload /path/to/mask.so   # as AVX2
    .venv/bin/python benchmarks/first_audio/run.py --peer /tmp/peer/bin/python --runs 2

Each run is a fresh process, as a user starts it: the passage goes to
``litetts synth - -o - --format pcm`` on stdin, and the clock runs from the spawn to the
first byte on stdout (interpreter start, imports, model load and the first chunk's
synthesis included), then to the end of the stream. With ``--peer`` (the python of a
virtual environment with kokoro-onnx installed) the peer speaks the whole passage with the
same model file and voice in between, runs alternating, so a machine shared with other work
slows both alike. Prints one JSON object: every run, the medians, the ratio of first audio
to the peer's whole passage, and the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSAGE = HERE / "passage.txt"
PEER_SCRIPT = HERE / "peer.py"


def litetts_command(launcher: str | None, home: str | None, voice: str, model: str | None,
                    extra: list[str]) -> list[str]:
    command = shlex.split(launcher) if launcher else [sys.executable, "-m", "litetts_cli"]
    if home:
        command += ["--home", home]
    command += ["synth", "-", "-o", "-", "--format", "pcm", "--no-cache", "--voice", voice]
    if model:
        command += ["--model", model]
    return command + extra


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system, all threads) process ``pid`` has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_stream(command: list[str], text: str, env: dict[str, str], first_only: bool = False) -> dict:
    """Seconds from the spawn to the first stdout byte and to the end (or, ``first_only``,
    to the first byte: the process is then stopped); bytes written."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env)
    process.stdin.write(text.encode("utf-8"))
    process.stdin.close()
    first = None
    total = 0
    while True:
        data = os.read(process.stdout.fileno(), 1 << 16)
        if not data:
            break
        if first is None:
            first = time.perf_counter() - started
            first_cpu = cpu_seconds(process.pid)
            if first_only:
                process.kill()
                process.wait()
                return {"first_audio_s": round(first, 3), "first_audio_cpu_s": first_cpu}
        total += len(data)
    process.wait()
    wall = time.perf_counter() - started
    error = process.stderr.read().decode("utf-8", "replace").strip()
    if process.returncode != 0 or first is None:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {error[-500:]}")
    return {"first_audio_s": round(first, 3), "first_audio_cpu_s": first_cpu, "wall_s": round(wall, 3),
            "audio_s": round(total / 2 / 24000, 2), "stderr": error[-300:]}


def time_peer(python: str, model: str, voices: str, voice: str, text_file: Path, env: dict[str, str],
              threads: int | None = None) -> dict:
    started = time.perf_counter()
    command = [python, str(PEER_SCRIPT), model, voices, voice, str(text_file)] + ([str(threads)] if threads else [])
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the peer failed: {done.stderr.strip()[-500:]}")
    return {"wall_s": round(wall, 3), **json.loads(done.stdout.strip().splitlines()[-1])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--text", type=Path, default=PASSAGE)
    parser.add_argument("--voice", default="af_heart")
    parser.add_argument("--litetts", default=None,
                        help="the command that runs litetts, e.g. .venv/bin/litetts (default: this python -m litetts_cli)")
    parser.add_argument("--model", default=None, help="a model name for litetts (default: what a user gets)")
    parser.add_argument("--home", default=None, help="litetts store (--home)")
    parser.add_argument("--preload", default=None, help="a library to LD_PRELOAD into every process (the ISA mask)")
    parser.add_argument("--peer", default=None, help="python of a venv with kokoro-onnx")
    parser.add_argument("--peer-model", default=None, help="ONNX file the peer runs")
    parser.add_argument("--peer-voices", default=None, help="the peer's voices-v1.0.bin")
    parser.add_argument("--peer-threads", type=int, default=None,
                        help="the peer's ORT intra-op threads (default: ORT's, one per physical core of the machine)")
    parser.add_argument("--first-only", action="store_true", help="stop each litetts run at its first audio")
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more litetts synth options")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.preload:
        env["LD_PRELOAD"] = args.preload
    text = args.text.read_text("utf-8")
    command = litetts_command(args.litetts, args.home, args.voice, args.model, args.extra)
    load_before = os.getloadavg()
    runs, peers = [], []
    for _ in range(args.runs):
        runs.append(time_stream(command, text, env, args.first_only))
        print(json.dumps({"litetts": runs[-1]}), file=sys.stderr, flush=True)
        if args.peer:
            peers.append(time_peer(args.peer, args.peer_model, args.peer_voices, args.voice, args.text, env,
                                   args.peer_threads))
            print(json.dumps({"peer": peers[-1]}), file=sys.stderr, flush=True)
    first = statistics.median(r["first_audio_s"] for r in runs)
    report = {
        "command": " ".join(command),
        "preload": args.preload,
        "characters": len(text),
        "runs": runs,
        "first_audio_median_s": first,
        "litetts_wall_median_s": None if args.first_only else statistics.median(r["wall_s"] for r in runs),
        "load_before": [round(v, 1) for v in load_before],
        "load_after": [round(v, 1) for v in os.getloadavg()],
        "cpus": os.cpu_count(),
    }
    if peers:
        peer = statistics.median(p["wall_s"] for p in peers)
        report.update(peer=peers, peer_wall_median_s=peer,
                      first_audio_share_of_peer=round(first / peer, 4))
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
