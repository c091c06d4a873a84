"""First audio of `litetts synth` (issue 12): nothing slow comes before it.

No test here asserts a time: each checks that a slow step is absent (a measurement of the
CPU's models, an unneeded import) or that the overlapped model load behaves as the plain one.
"""

from __future__ import annotations

import json

import pytest

from litetts_cli.cli.app import main
from litetts_cli.config import BUNDLED_MODEL, DEFAULT_MODEL, resolve
from litetts_cli.speech import model_path
from litetts_cli.store import machine
from litetts_cli.store import models as model_store
from litetts_cli.store.machine import MachineChoice, Measurement
from tests.engine.test_machine_choice import _private_store


def _record(models, model, cpu_key):
    shas = {n: model_store.read_meta(models / n).sha256 for n in (DEFAULT_MODEL, BUNDLED_MODEL)}
    machine.record(models, MachineChoice(model, "measured", cpu_key, (
        Measurement(DEFAULT_MODEL, 0.2, 0.06, sha256=shas[DEFAULT_MODEL]),
        Measurement(BUNDLED_MODEL, 0.3, sha256=shas[BUNDLED_MODEL]))))


@pytest.mark.parametrize(
    "recorded, runs, says_fetch",
    [
        # Nothing measured on this CPU: the default runs now, and the user hears how to measure.
        (None, DEFAULT_MODEL, True),
        # Measured elsewhere only (a store shared with another kind of CPU): the same.
        (("elsewhere", BUNDLED_MODEL), DEFAULT_MODEL, True),
        # Measured here: the recorded model runs, silently, whichever it is.
        (("here", BUNDLED_MODEL), BUNDLED_MODEL, False),
        (("here", DEFAULT_MODEL), DEFAULT_MODEL, False),
    ],
)
def test_a_model_for_streaming_is_never_measured_first(tmp_path, installed_settings, recorded, runs, says_fetch):
    models = _private_store(installed_settings, tmp_path)
    if recorded is not None:
        where, model = recorded
        _record(models, model, machine.cpu_key() if where == "here" else "x86_64:none")
    before = (models / machine.CHOICES_FILE).read_bytes() if recorded else None
    settings = resolve({}, env={"LITETTS_HOME": str(tmp_path), "LITETTS_CONFIG": str(tmp_path / "none.toml")})
    notes: list[str] = []
    path = model_path(settings, note=notes.append, measure=False)
    assert path == models / runs / model_store.MODEL_FILE
    assert not any("measuring" in n for n in notes)
    assert any("litetts models fetch" in n for n in notes) == says_fetch
    after = (models / machine.CHOICES_FILE).read_bytes() if (models / machine.CHOICES_FILE).exists() else None
    assert after == before  # nothing was measured or recorded


def test_synth_in_a_store_never_measured_here_speaks_without_measuring(tmp_path, installed_settings, capsys,
                                                                     monkeypatch):
    models = _private_store(installed_settings, tmp_path)
    monkeypatch.setenv("LITETTS_HOME", str(tmp_path))
    monkeypatch.setenv("LITETTS_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.delenv("LITETTS_MODEL", raising=False)
    out = tmp_path / "hi.wav"
    with pytest.raises(SystemExit) as code:
        main(["synth", "Hello there.", "-o", str(out), "--json"])
    captured = capsys.readouterr()
    assert code.value.code == 0, captured.err
    assert json.loads(captured.out)["audio_seconds"] > 0.3
    assert "measuring" not in captured.err and "litetts models fetch" in captured.err
    assert machine.recorded(models) is None
