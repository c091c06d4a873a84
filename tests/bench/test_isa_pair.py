"""benchmarks/isa/pair.py: the pieces that decide what a pinned run means.

The whole harness needs a many-core machine and the peer's environment (it ran on the lent
device machine); here: what it reads from the programs' output, the environment it gives
them, the cores it picks, and the ratios its summary computes.
"""

from __future__ import annotations

import argparse
import json
import os

import pytest

from benchmarks.isa import pair


@pytest.mark.parametrize(
    "printed, expected",
    [
        ('{"audio_s": 166.23, "load_and_create_s": 58.9}\n', {"audio_s": 166.23, "load_and_create_s": 58.9}),
        ('noise\n{\n "audio_seconds": 187.1,\n "wall_seconds": 20.6\n}\n', {"audio_seconds": 187.1, "wall_seconds": 20.6}),
        ('{"a": 1}\nlast line {"b": 2} is not json\n{"c": 3}\n', {"c": 3}),
        ("no json at all\n", {}),
    ],
)
def test_last_json_is_what_the_program_printed_last(printed, expected):
    assert pair.last_json(printed) == expected


def test_cpu_env_keeps_litetts_off_the_gpu_and_pools_at_two():
    env = pair.cpu_env({"PATH": "/bin", "LITETTS_DEVICE": "cuda", "OMP_NUM_THREADS": "16"})
    assert env["PATH"] == "/bin"
    assert env["LITETTS_DEVICE"] == "cpu" and env["CUDA_VISIBLE_DEVICES"] == ""
    assert env["OMP_NUM_THREADS"] == env["OPENBLAS_NUM_THREADS"] == env["MKL_NUM_THREADS"] == "2"


def test_physical_cores_are_a_subset_of_the_affinity_one_per_core():
    cores = pair.physical_cores()
    assert cores and set(cores) <= os.sched_getaffinity(0)
    assert cores == sorted(set(cores))


def test_the_peer_gets_as_many_threads_as_its_cores(tmp_path):
    args = argparse.Namespace(out=tmp_path, peer_model="m.onnx", peer_voices="v.npz", voice="af_heart",
                              text=pair.PASSAGE, model=None, peer_path=None)
    command = pair.Bench(args).command("peer", (4, 5), "t")
    assert command[:3] == ["taskset", "-c", "4,5"] and command[-1] == "2"
    book = pair.Bench(args).command("book", (6, 7), "t")
    assert book[:3] == ["taskset", "-c", "6,7"] and "--no-cache" in book and "wav" in book


def test_summary_ratios_come_from_rounds_where_both_finished(tmp_path):
    args = argparse.Namespace(out=tmp_path, text=pair.PASSAGE, model=None)
    bench = pair.Bench(args)
    runs = [("peer", 0, 90.0, 0), ("book", 0, 45.0, 0), ("peer", 1, 80.0, 0), ("book", 1, 20.0, 0),
            ("peer", 2, 70.0, 0), ("book", 2, 10.0, 1)]
    for program, round_, wall, rc in runs:
        bench.record({"level": "avx2", "round": round_, "program": program, "cores": [0, 1], "wall_s": wall,
                      "rc": rc, "audio_s": 100.0})
    bench.record({"level": "avx2", "round": 0, "program": "synth-first-audio", "cores": [0, 1], "wall_s": 3.1,
                  "rc": 0, "first_audio_s": 3.0})
    bench.write_summary({"avx2": ((0, 1), (2, 3))})
    level = json.loads((tmp_path / "summary.json").read_text())["levels"]["avx2"]
    assert [r["peer_over_book"] for r in level["rounds"]] == [2.0, 4.0]
    assert level["peer_over_book"] == round(170 / 65, 3) and level["ratio_range"] == [2.0, 4.0]
    assert len(level["failed"]) == 1 and level["failed"][0]["round"] == 2
    assert level["first_audio_share_of_peer"] == round(3.0 / 85.0, 4)
    assert len((tmp_path / "runs.jsonl").read_text().splitlines()) == 7
