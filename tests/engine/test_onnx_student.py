"""Writing a distilled student generator into the bundled int8 model (engine/onnx_student.py):
the kept resblocks and cut kernels are what the graph runs, the weights land where the
torch names say (writing the teacher back only re-rounds it), int8-rows converts the
result, and weights with no place in the graph are refused in one line.

Students are a measured research result, not a model variant (docs/throughput.md,
"Distilling a smaller vocoder").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from litetts_cli.config import BUNDLED_MODEL
from litetts_cli.engine import convert
from litetts_cli.engine.engine import Engine
from litetts_cli.engine.onnx_rewrite import Graph
from litetts_cli.engine.onnx_student import module_name, teacher_weights, write_student
from litetts_cli.errors import EngineError, UsageError
from litetts_cli.g2p import espeak
from litetts_cli.g2p.tokens import to_ids
from litetts_cli.speech import load_voice
from litetts_cli.spectral import log_mel_distance
from litetts_cli.store import models as model_store

SENTENCE = "Our train leaves from platform nine at a quarter past seven."


@pytest.fixture(scope="module")
def source(installed_settings) -> Path:
    return model_store.resolve_model(installed_settings.models_dir, BUNDLED_MODEL)


@pytest.fixture(scope="module")
def teacher(source) -> dict:
    import onnx

    return teacher_weights(Graph(onnx.load(str(source)).graph))


@pytest.fixture(scope="module")
def call(installed_settings):
    ids = to_ids(espeak.phonemize(SENTENCE, "en-us"))
    return ids, load_voice(installed_settings, "am_adam").style_for(len(ids))


def _generator_convs(path: Path) -> dict[str, tuple[int, list[int]]]:
    import onnx
    from onnx import helper

    out = {}
    for node in onnx.load(str(path)).graph.node:
        name = module_name(node.name)
        if node.op_type == "ConvInteger" and name:
            pads = next(list(helper.get_attribute_value(a)) for a in node.attribute if a.name == "pads")
            out[name] = (len(pads), pads)
    return out


def _shrunk(weights: dict, block: str, kernel: int) -> dict:
    """``weights`` with one noise resblock's convolutions cut to their centre taps."""
    out = dict(weights)
    for key in [k for k in weights if k.startswith(f"q|{block}.")]:
        steps = weights[key]
        start = (steps.shape[2] - kernel) // 2
        out[key] = np.ascontiguousarray(steps[:, :, start:start + kernel])
    return out


@pytest.mark.parametrize(
    "keep, kept_blocks",
    [
        ((0,), {0, 3}),
        ((0, 1), {0, 1, 3, 4}),
        ((0, 1, 2), {0, 1, 2, 3, 4, 5}),
    ],
)
def test_only_the_kept_resblocks_stay_in_the_graph(tmp_path, source, teacher, keep, kept_blocks):
    dest = tmp_path / "student.onnx"
    weights = {k: v for k, v in teacher.items()
               if not k.split("|")[1].startswith("resblocks.") or int(k.split("|")[1].split(".")[1]) in kept_blocks}
    left = write_student(source, dest, weights, keep)
    blocks = {int(n.split(".")[1]) for n in _generator_convs(dest) if n.startswith("resblocks.")}
    assert blocks == kept_blocks
    assert left == 6 * len(kept_blocks) + 12 + 2  # 6 convs per resblock, two noise resblocks, two noise convs


def test_writing_the_teacher_back_only_re_rounds_it(tmp_path, source, teacher, call):
    dest = tmp_path / "teacher.onnx"
    write_student(source, dest, teacher, (0, 1, 2))
    ids, style = call
    expected = Engine(source).synthesize(ids, style)
    got = Engine(dest).synthesize(ids, style)
    assert got.size == expected.size
    # A fresh 7-bit scale per convolution moves the audio ~0.08-0.09 (measured); a weight
    # put in the wrong place, or dropped, moves it past 0.5.
    assert log_mel_distance(expected, got) < 0.13


def test_a_cut_noise_kernel_is_what_runs_and_int8_rows_converts_it(tmp_path, source, teacher, call):
    dest = tmp_path / "student.onnx"
    weights = _shrunk(_shrunk(teacher, "noise_res.0", 3), "noise_res.1", 3)
    left = write_student(source, dest, {k: v for k, v in weights.items() if ".resblocks." not in f".{k.split('|')[1]}"
                                  or k.split("|")[1].split(".")[1] in ("0", "3")}, (0,))
    convs = _generator_convs(dest)
    # noise_res.1.convs1.2 has dilation 5: a kernel of 3 pads by 5 on each side.
    assert convs["noise_res.1.convs1.2"][1] == [5, 5]
    assert convs["noise_res.0.convs2.0"][1] == [1, 1]
    rows = tmp_path / "rows.onnx"
    report = convert.convert_model(dest, rows, "int8-rows")
    assert left == 6 * 2 + 12 + 2
    assert report.convolutions == left - 1  # all but the strided noise convolution
    ids, style = call
    audio = Engine(rows).synthesize(ids, style)
    assert audio.size == Engine(source).synthesize(ids, style).size
    assert np.isfinite(audio).all() and np.abs(audio).max() > 0.01


@pytest.mark.parametrize(
    "change, error",
    [
        (lambda w: {**w, "q|resblocks.9.convs1.0": w["q|resblocks.0.convs1.0"]}, EngineError),
        (lambda w: {k: v for k, v in w.items() if k != "w|ups.0"}, EngineError),
    ],
)
def test_weights_that_do_not_fit_are_refused(tmp_path, source, teacher, change, error):
    dest = tmp_path / "bad.onnx"
    with pytest.raises(error):
        write_student(source, dest, change(teacher), (0, 1, 2))
    assert not dest.exists()


@pytest.mark.parametrize("keep", [(), (3,), (0, 5)])
def test_resblocks_to_keep_must_be_among_the_three(tmp_path, source, teacher, keep):
    with pytest.raises(UsageError):
        write_student(source, tmp_path / "x.onnx", teacher, keep)
