"""`litetts benchmark` through the command line: a one-sentence real run, the gate, errors."""

from __future__ import annotations

import json
import sys

import pytest
import typer
from typer.testing import CliRunner

from litetts_cli.bench.compare import RegressionError
from litetts_cli.bench.peer import PeerMissing
from litetts_cli.bench.recipe import RecipeError
from litetts_cli.cli.app import root
from litetts_cli.cli.benchmark import benchmark_command
from litetts_cli.config import DEFAULT_MODEL
from litetts_cli.errors import UsageError

QUICK = ["--text", "Hello there, this is a benchmark.", "--threads", "1", "--repeat", "1", "--warmup", "0",
         "--no-first-audio"]


def invoke(*args: str):
    app = typer.Typer()
    app.callback()(root)
    app.command("benchmark")(benchmark_command)
    app.command("other")(lambda: None)  # keeps "benchmark" a sub-command, as in the real app
    result = CliRunner().invoke(app, ["benchmark", *args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module")
def baseline_dir(tmp_path_factory, installed_settings):
    """One real quick run through the CLI, used as the baseline of the gate tests."""
    out = tmp_path_factory.mktemp("baseline")
    result = invoke(*QUICK, "--out", str(out), "--json")
    return out, json.loads(result.stdout)


def test_quick_run_writes_the_report_and_prints_json(baseline_dir):
    out, printed = baseline_dir
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["report.json", "report.md", "rtf_by_configuration.png", "memory_over_time.png"]
    )  # no first-audio chart: it was switched off
    (case,) = printed["cases"]
    assert case["id"] == f"{DEFAULT_MODEL} / af_heart / 1x1"
    assert case["time_to_first_audio_seconds"] is None
    assert "memory_timeline" not in case  # kept in report.json, left out of stdout
    assert "memory_timeline" in json.loads((out / "report.json").read_text())["cases"][0]
    assert printed["recipe"]["name"] == "quick" and printed["recipe"]["repetitions"] == 1
    assert str(out / "report.json") in printed["files"]


def _baseline_with_rtf(tmp_path, baseline_dir, rtf: float):
    out, _ = baseline_dir
    data = json.loads((out / "report.json").read_text())
    data["cases"][0]["real_time_factor"]["median"] = rtf
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(data))
    return path


def test_gate_passes_against_a_much_slower_baseline_and_prints_a_table(tmp_path, baseline_dir):
    baseline = _baseline_with_rtf(tmp_path, baseline_dir, 1000.0)
    result = invoke(*QUICK, "--out", str(tmp_path / "run"), "--compare", str(baseline), "--max-regression", "5%")
    assert "RTF 1000.0000 ->" in result.stdout and " ok" in result.stdout
    assert "configuration" in result.stdout and "1x1" in result.stdout  # the rich table
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["comparison"]["passed"] is True


def test_gate_fails_against_a_much_faster_baseline_after_writing_the_report(tmp_path, baseline_dir):
    baseline = _baseline_with_rtf(tmp_path, baseline_dir, 0.0001)
    with pytest.raises(RegressionError, match=rf"{DEFAULT_MODEL} / af_heart / 1x1: real_time_factor 0.0001 -> ") as info:
        invoke(*QUICK, "--out", str(tmp_path / "run"), "--compare", str(baseline), "--max-regression", "10%")
    assert info.value.exit_code == 3
    markdown = (tmp_path / "run" / "report.md").read_text()
    assert ": FAILED" in markdown and "| regressed |" in markdown


def test_bad_threshold_and_baseline_fail_before_any_synthesis(tmp_path):
    with pytest.raises(UsageError, match="max-regression 'lots'"):
        invoke(*QUICK, "--out", str(tmp_path), "--compare", str(tmp_path / "x.json"), "--max-regression", "lots")
    with pytest.raises(UsageError, match="no such baseline"):
        invoke(*QUICK, "--out", str(tmp_path), "--compare", str(tmp_path / "x.json"))
    assert not (tmp_path / "report.json").exists()


def test_bad_recipe_is_a_clear_error(tmp_path):
    recipe = tmp_path / "r.toml"
    recipe.write_text('texts = ["Hi."]\nconfigurations = ["two by one"]\n')
    with pytest.raises(RecipeError, match="is not WORKERSxTHREADS"):
        invoke(str(recipe), "--out", str(tmp_path))


def test_missing_peer_extra_names_the_install_command(tmp_path, monkeypatch, installed_settings):
    monkeypatch.setitem(sys.modules, "kokoro_onnx", None)
    with pytest.raises(PeerMissing, match=r"pip install 'litetts\[peer\]'"):
        invoke(*QUICK, "--peer", "kokoro-onnx", "--out", str(tmp_path))
