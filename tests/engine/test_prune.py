"""Vocoder channel pruning (engine/onnx_prune.py, engine/prune_calibrate.py) on the real
bundled int8 model: fewer channels, the refit does what it says, the existing int8-rows
conversion runs on the result, and a model without resblocks is refused in one line.

Pruning is a measured research tool here, not a model variant: no fraction passed the
conversion's audio bound (docs/throughput.md, "Pruning the vocoder").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from litetts_cli.config import BUNDLED_MODEL
from litetts_cli.engine import convert, prune_calibrate
from litetts_cli.engine.engine import Engine
from litetts_cli.engine.onnx_prune import Graph, find_units
from litetts_cli.errors import EngineError, UsageError
from litetts_cli.g2p import espeak
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.speech import load_voice
from litetts_cli.spectral import log_mel_distance
from litetts_cli.store import models as model_store

CALIBRATION = "The kettle whistled while the rain kept falling on the roof."
HELD_OUT = "Our train leaves from platform nine at a quarter past seven."


def _call(settings, sentence: str, voice: str) -> prune_calibrate.Call:
    chosen = load_voice(settings, voice)
    ids = to_ids(espeak.phonemize(sentence, "en-us"))
    return prune_calibrate.Call(tuple(ids), chosen.style_for(len(ids)))


@pytest.fixture(scope="module")
def source(installed_settings) -> Path:
    return model_store.resolve_model(installed_settings.models_dir, BUNDLED_MODEL)


@pytest.fixture(scope="module")
def moments(source, installed_settings):
    return prune_calibrate.record_moments(source, [_call(installed_settings, CALIBRATION, "af_heart")])


@pytest.fixture(scope="module")
def pruned(tmp_path_factory, source, moments):
    dest = tmp_path_factory.mktemp("pruned") / "model.onnx"
    errors = prune_calibrate.prune_model(source, dest, {2: 0.5}, moments)
    return dest, errors


def _units(path: Path):
    import onnx

    return {u.name: u for u in find_units(Graph(onnx.load(str(path)).graph))}


def test_stage_two_loses_half_its_internal_channels_and_stage_one_none(source, pruned):
    before, after = _units(source), _units(pruned[0])
    assert len(before) == len(after) == 18
    for name, unit in after.items():
        expected = before[name].channels // 2 if unit.block >= 3 else before[name].channels
        assert unit.conv1.weight.shape[0] == expected
        assert unit.conv2.weight.shape[1] == expected
        assert unit.conv2.weight.shape[0] == before[name].conv2.weight.shape[0]  # the residual keeps its width
    assert set(pruned[1]) == {n for n, u in after.items() if u.block >= 3}


def test_refit_error_is_small_and_keeping_every_channel_reproduces_the_weights(source, moments):
    units = _units(source)
    unit = units["resblocks.4.1"]
    kept, weight, bias, error = prune_calibrate.choose_and_refit(unit, moments[unit.name], unit.channels)
    original, original_bias = prune_calibrate.float_weights(unit)
    assert list(kept) == list(range(unit.channels))
    assert error < 1e-3
    assert np.abs(weight - original).max() < 0.05 * np.abs(original).max()
    _, _, _, half = prune_calibrate.choose_and_refit(unit, moments[unit.name], unit.channels // 2)
    _, _, _, unfitted = prune_calibrate.choose_and_refit(unit, moments[unit.name], unit.channels // 2, refit=False)
    assert 0 < half < unfitted  # the least-squares refit beats keeping the weights as they were


def test_pruned_model_speaks_same_length_and_int8_rows_converts_it(installed_settings, source, pruned, tmp_path):
    call = _call(installed_settings, HELD_OUT, "am_adam")  # a voice and sentence not calibrated on
    reference = Engine(source).synthesize(call.token_ids, call.style)
    audio = Engine(pruned[0]).synthesize(call.token_ids, call.style)
    assert audio.size == reference.size
    distance = log_mel_distance(reference, audio)
    assert 0.0 < distance < 1.0  # changed, but speech-like: silence or noise measures ~2-4
    rows = tmp_path / "rows.onnx"
    report = convert.convert_model(pruned[0], rows, "int8-rows")
    assert report.convolutions == 49
    converted = Engine(rows).synthesize(call.token_ids, call.style)
    assert log_mel_distance(audio, converted) <= convert.DISTANCE_BOUND


def test_a_converted_model_has_no_resblocks_to_prune(tmp_path, source, moments):
    rows = tmp_path / "rows.onnx"
    convert.convert_model(source, rows, "int8-rows")
    with pytest.raises(EngineError, match="no int8 vocoder resblocks to prune") as raised:
        prune_calibrate.prune_model(rows, tmp_path / "out.onnx", {2: 0.5}, moments)
    assert "kokoro-v1.0-int8" in raised.value.hint
    assert not (tmp_path / "out.onnx").exists()


@pytest.mark.parametrize("fraction", [0.0, -0.5, 1.5])
def test_keep_fraction_outside_zero_one_is_refused(tmp_path, source, moments, fraction):
    with pytest.raises(UsageError, match="keep fraction"):
        prune_calibrate.prune_model(source, tmp_path / "out.onnx", {2: fraction}, moments)
    assert not (tmp_path / "out.onnx").exists()
