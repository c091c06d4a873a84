"""`litetts benchmark --device`: the torch engine's case beside the CPU path's, on the
same texts, in one report (the torch engine on this CPU stands in for a GPU in CI)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace

import pytest

from litetts_cli.bench.recipe import Layout, parse_recipe
from litetts_cli.bench.report import render_markdown
from litetts_cli.bench.runner import RunOptions, run_benchmark
from litetts_cli.bench.ttfa import synth_command

TEXT = "The lighthouse keeper climbed the stairs at dusk. Below him, the grey sea folded against the rocks."


def test_with_device_measures_the_torch_engine_first_then_the_recipes_cpu_layouts():
    recipe = parse_recipe({"name": "r", "texts": [TEXT], "configurations": ["1x2", "2x1"]})
    layouts = recipe.with_device("cuda:1").layouts
    assert [lay.label for lay in layouts] == ["torch on cuda:1", "1x2", "2x1"]
    assert [lay.torch for lay in layouts] == [True, False, False]
    again = recipe.with_device("cuda:1").with_device("cuda:0").layouts  # one torch layout, not two
    assert [lay.label for lay in again] == ["torch on cuda:0", "1x2", "2x1"]


@pytest.mark.parametrize("device", ["cpu", "cuda:0"])
def test_first_audio_is_timed_on_the_layouts_device(installed_settings, device):
    command = synth_command(installed_settings, model="m", voice="af_heart", threads=1, speed=1.0, device=device)
    assert command[command.index("--device") + 1] == device


@pytest.fixture(scope="module")
def torch_and_cpu(installed_settings, tmp_path_factory):
    settings = replace(installed_settings, cache_dir=tmp_path_factory.mktemp("cache"))
    recipe = parse_recipe({"name": "device", "texts": [TEXT], "voices": ["af_heart"], "configurations": ["1x1"],
                           "repetitions": 1, "warmup": 0, "time_to_first_audio": False})
    return run_benchmark(recipe.with_device("cpu"), settings, RunOptions())


def test_the_torch_case_and_the_cpu_case_share_one_report_and_one_text(torch_and_cpu):
    torch_case, cpu_case = torch_and_cpu["cases"]
    assert (torch_case["layout"], torch_case["device"]) == ("torch on cpu", "cpu")
    assert (cpu_case["layout"], cpu_case["device"], cpu_case["accelerator"]) == ("1x1", "", None)
    assert torch_case["model"] == "kokoro-v1.0-int8"  # the torch engine's weights, whatever the recipe lists
    assert torch_case["characters"] == cpu_case["characters"] == len(TEXT)
    assert torch_case["chunks"] == cpu_case["chunks"] >= 1
    # Both speak the same words: audio lengths within a tenth of each other.
    assert abs(torch_case["audio_seconds"] - cpu_case["audio_seconds"]) < 0.1 * cpu_case["audio_seconds"]
    for case in (torch_case, cpu_case):
        assert case["x_real_time"] == round(1 / case["real_time_factor"]["median"], 2)


def test_the_torch_case_names_its_batch_software_and_no_gpu_memory_on_a_cpu(torch_and_cpu):
    import torch

    facts = torch_and_cpu["cases"][0]["accelerator"]
    assert facts["device"] == "cpu" and facts["torch"] == torch.__version__
    assert facts["batch"] >= 1 and facts["max_batch_tokens"] > 0 and facts["in_flight"] >= facts["batch"]
    assert facts["name"] is None and facts["peak_memory_allocated_mb"] is None and facts["fusion"] is None


def test_the_markdown_puts_the_torch_engine_beside_the_fastest_cpu_configuration(torch_and_cpu):
    text = render_markdown(torch_and_cpu)
    section = text[text.index("## GPU and CPU on the same texts"):].split("\n## ")[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 2
    assert rows[0].startswith("| torch, unfused | cpu |") and "1 chunk per worker" in rows[1]
    for case, row in zip(torch_and_cpu["cases"], rows):
        assert f"{case['x_real_time']:,.1f}x" in row


def test_device_cuda_without_a_gpu_is_one_line_and_no_run(tmp_home, tmp_path):
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    result = subprocess.run(
        [sys.executable, "-m", "litetts_cli", "benchmark", "--device", "cuda", "--text", "Hi.", "--out", str(tmp_path / "r")],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "GPU" in result.stderr or "PyTorch" in result.stderr
    assert "--device cpu" in result.stderr  # the hint says what to do
    assert not (tmp_path / "r").exists()  # nothing was measured or written
