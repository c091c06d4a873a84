"""Each machine's default model: the fastest installed model that passes the audio check
on its CPU, recorded per kind of CPU, overridden by a named model (issue 12)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from litetts_cli.cli.app import main
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL, resolve
from litetts_cli.engine import machine_choice, variants
from litetts_cli.errors import EngineError
from litetts_cli.speech import load_voice, model_identity, model_path, running_model
from litetts_cli.store import machine
from litetts_cli.store import models as model_store
from litetts_cli.store.machine import MachineChoice, Measurement

GEMM, INT8, OTHER = DEFAULT_MODEL, BUNDLED_MODEL, "kokoro-v1.0-fp32"
ROWS = model_store.ROWS_MODEL


def m(name, rtf, distance=None, mismatches=0, error=""):
    return Measurement(name, rtf, distance, mismatches, error=error)


@pytest.mark.parametrize(
    "measurements, expected",
    [
        # The converted model is faster and passes (AVX-512 VNNI: about 2x).
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.06)], GEMM),
        # Slower here (a CPU whose int8 GEMM gains nothing): the bundled file wins.
        ([m(INT8, 0.30), m(GEMM, 0.33, 0.06)], INT8),
        # Fastest, but its audio is past the bound: not eligible.
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.22)], INT8),
        # Exactly at the bound passes.
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.1)], GEMM),
        # A length mismatch means a broken conversion, whatever the distance.
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.05, mismatches=1)], INT8),
        # A model that failed to load or run is not chosen.
        ([m(INT8, 0.30), m(GEMM, None, error="cannot load")], INT8),
        # A third installed model that is fastest and passes wins.
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.06), m(OTHER, 0.12, 0.01)], OTHER),
        # AVX2 without VNNI: the int8-rows layout is faster than int8-gemm (issue 12).
        ([m(INT8, 0.70), m(GEMM, 0.60, 0.06), m(ROWS, 0.56, 0.06)], ROWS),
        # AVX-512 VNNI: int8-gemm stays faster than int8-rows.
        ([m(INT8, 0.30), m(GEMM, 0.15, 0.06), m(ROWS, 0.17, 0.06)], GEMM),
        # A tie goes to the converted default, then the bundled file, then the rest.
        ([m(OTHER, 0.20, 0.0), m(INT8, 0.20), m(GEMM, 0.20, 0.06)], GEMM),
        ([m(OTHER, 0.20, 0.0), m(INT8, 0.20)], INT8),
        ([m(INT8, 0.20), m(ROWS, 0.20, 0.06), m(GEMM, 0.20, 0.06)], GEMM),
        ([m(INT8, 0.20), m(ROWS, 0.20, 0.06)], ROWS),
        # Only the bundled file installed (a refused conversion).
        ([m(INT8, 0.31)], INT8),
    ],
)
def test_choose_picks_the_fastest_model_that_passes(measurements, expected):
    chosen, why = machine_choice.choose(measurements)
    assert chosen == expected
    assert f"RTF {next(x.rtf for x in measurements if x.name == expected):.3f}" in why


def test_choose_says_why_and_names_what_was_not_eligible():
    chosen, why = machine_choice.choose([m(INT8, 0.30), m(GEMM, 0.15, 0.06), m(OTHER, 0.1, 0.3)])
    assert chosen == GEMM
    assert f"{INT8} 0.300 (2.00x slower)" in why and f"not eligible: {OTHER}" in why


def test_choose_with_nothing_usable_is_an_error_with_a_hint():
    with pytest.raises(EngineError) as caught:
        machine_choice.choose([m(GEMM, None, error="x"), m(OTHER, 0.1, 0.5)])
    assert caught.value.hint


@pytest.mark.parametrize(
    "features, architecture, key",
    [
        ({"avx2": True, "avx512f": False, "avx512_vnni": False}, "x86_64", "x86_64:avx2"),
        ({"avx2": True, "avx512f": True, "avx512_vnni": True}, "x86_64", "x86_64:avx2,avx512_vnni,avx512f"),
        ({"neon": True, "asimddp": True}, "aarch64", "aarch64:asimddp,neon"),
        ({"avx2": False}, "x86_64", "x86_64:none"),
    ],
)
def test_cpu_key_names_the_architecture_and_features(features, architecture, key):
    assert machine.cpu_key(features, architecture) == key


def _private_store(installed_settings, root: Path) -> Path:
    """A models folder of its own (links to the installed files), so recording a choice
    here never touches the shared store."""
    models = root / "models"
    for name in (INT8, GEMM, ROWS):
        source = model_store.model_dir(installed_settings.models_dir, name)
        target = models / name
        target.mkdir(parents=True)
        (target / model_store.MODEL_FILE).symlink_to(source / model_store.MODEL_FILE)
        if (source / "optimized").is_dir():
            (target / "optimized").symlink_to(source / "optimized", target_is_directory=True)
        info = model_store.read_meta(source)
        info.path = str(target / model_store.MODEL_FILE)
        model_store.write_meta(target, info)
    (root / "voices").symlink_to(installed_settings.voices_dir, target_is_directory=True)
    return models


def test_a_choice_is_kept_per_cpu_and_dropped_when_its_model_changes(tmp_path, installed_settings):
    models = _private_store(installed_settings, tmp_path)
    sha = model_store.read_meta(models / INT8).sha256
    here = MachineChoice(INT8, "why", machine.cpu_key(), (Measurement(INT8, 0.3, sha256=sha),))
    elsewhere = MachineChoice(GEMM, "why", "x86_64:avx2", (Measurement(GEMM, 0.2, 0.06, sha256="0" * 64),))
    machine.record(models, elsewhere)
    assert machine_choice.current_choice(models) is None  # another CPU's choice does not count here
    machine.record(models, here)
    assert machine_choice.current_choice(models).model == INT8
    assert machine.recorded(models, "x86_64:avx2").model == GEMM  # kept beside it
    assert variants.effective_model(models, DEFAULT_MODEL, given=False) == INT8
    assert variants.effective_model(models, DEFAULT_MODEL, given=True) == DEFAULT_MODEL
    stale = MachineChoice(INT8, "why", machine.cpu_key(), (Measurement(INT8, 0.3, sha256="f" * 64),))
    machine.record(models, stale)
    assert machine_choice.current_choice(models) is None  # the measured file is not the installed one
    (models / machine.CHOICES_FILE).write_text("{not json", "utf-8")
    assert machine_choice.current_choice(models) is None


def test_first_use_measures_records_and_a_named_model_overrides(tmp_path, installed_settings, monkeypatch):
    """One real, short measurement end to end: the first command without a named model
    measures the installed models on this CPU and runs the one recorded."""
    models = _private_store(installed_settings, tmp_path)
    monkeypatch.setattr(machine_choice, "ROUNDS", 1)
    monkeypatch.setattr(machine_choice, "SENTENCES", machine_choice.SENTENCES[:2])
    env = {"LITETTS_HOME": str(tmp_path), "LITETTS_CONFIG": str(tmp_path / "none.toml")}
    settings = resolve({}, env=env)
    assert not settings.model_given
    notes: list[str] = []
    path = model_path(settings, note=notes.append)
    choice = machine.recorded(models)
    assert choice is not None and choice.cpu_key == machine.cpu_key()
    assert {x.name for x in choice.measurements} == {INT8, GEMM, ROWS}
    assert all(x.rtf and x.rtf > 0 and not x.error for x in choice.measurements)
    for converted in (GEMM, ROWS):
        measured = choice.measured(converted)
        assert measured.distance is not None and measured.distance <= 0.1 and measured.length_mismatches == 0
    assert path == models / choice.model / model_store.MODEL_FILE
    assert running_model(settings) == choice.model
    assert model_identity(settings) == model_store.read_meta(models / choice.model).sha256
    assert any("measuring" in n for n in notes) and any(choice.model in n for n in notes)
    # Recorded: the next use does not measure again.
    notes.clear()
    assert model_path(settings, note=notes.append) == path and not notes
    # Named on the command line or in the environment: that model runs, whatever was measured.
    for named in (resolve({"model": INT8}, env=env), resolve({}, env={**env, "LITETTS_MODEL": INT8})):
        assert named.model_given and model_path(named) == models / INT8 / model_store.MODEL_FILE
        assert running_model(named) == INT8


def test_a_store_that_cannot_be_written_still_chooses(tmp_path, installed_settings, monkeypatch):
    _private_store(installed_settings, tmp_path)
    monkeypatch.setattr(machine_choice, "measure_models", lambda *a, **k: [m(INT8, 0.3), m(GEMM, 0.15, 0.06)])

    def refuse(*_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(machine, "record", refuse)
    notes: list[str] = []
    choice = machine_choice.measure_and_record(tmp_path / "models", None, notes.append)
    assert choice.model == GEMM and any("measured again next time" in n for n in notes)


def test_models_list_shows_the_measured_rtf_and_the_default_here(tmp_path, installed_settings, capsys, monkeypatch):
    models = _private_store(installed_settings, tmp_path)
    shas = {n: model_store.read_meta(models / n).sha256 for n in (INT8, GEMM)}
    machine.record(models, MachineChoice(GEMM, "fastest here", machine.cpu_key(), (
        Measurement(GEMM, 0.151, 0.06, sha256=shas[GEMM]), Measurement(INT8, 0.302, sha256=shas[INT8]))))
    monkeypatch.setenv("LITETTS_HOME", str(tmp_path))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("LITETTS_MODEL", raising=False)
    with pytest.raises(SystemExit) as code:
        main(["models", "list", "--json"])
    listing = json.loads(capsys.readouterr().out)
    rows = {r["name"]: r for r in listing["models"]}
    assert code.value.code == 0
    assert rows[GEMM]["rtf_here"] == 0.151 and rows[GEMM]["default_here"] and rows[GEMM]["passed_check_here"]
    assert rows[INT8]["rtf_here"] == 0.302 and not rows[INT8]["default_here"]
    assert listing["default_here"]["model"] == GEMM and listing["model_named"] is None
    monkeypatch.setenv("LITETTS_MODEL", INT8)
    with pytest.raises(SystemExit):
        main(["models", "list"])
    out = capsys.readouterr().out
    assert "0.151" in out and "0.302" in out and f"default on this CPU ({machine.cpu_key()}): {GEMM}" in out
    assert f"your settings name {INT8}" in out
    shutil.rmtree(tmp_path / "models")
