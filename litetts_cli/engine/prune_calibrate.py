"""Calibration and least-squares refit for vocoder pruning (see :mod:`onnx_prune`).

The int8 model runs on real phoneme inputs with every resblock unit's ``convs2`` input
(the float tensor its ``DynamicQuantizeLinear`` reads) exposed as an extra output. Each
unit keeps only the second moments of its im2col columns, at sampled time positions:
``G = sum x x^T`` over ``[channels x kernel taps, 1]``. That is all a channel choice and
a ridge refit of ``convs2`` need, because the target (the unpruned ``convs2`` output) is
the model's own weights times the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from litetts_cli.engine.onnx_prune import Graph, Unit, find_units, float_weights, prune_unit
from litetts_cli.errors import EngineError, UsageError

RIDGE = 1e-3
"""Ridge term of the refit, relative to the mean diagonal of the kept columns' moments."""
POSITIONS = 3000
"""Time positions sampled per unit and call (of 2,000-70,000)."""
STAGE_BLOCKS = 3
"""Resblocks per upsampling stage: blocks 0-2 are stage 1 (256 channels), 3-5 stage 2."""


@dataclass(frozen=True)
class Call:
    """One calibration input: token ids (no padding) and the voice's style row."""

    token_ids: tuple[int, ...]
    style: np.ndarray


def _columns(x: np.ndarray, kernel: int, dilation: int, pads: Sequence[int], positions: np.ndarray) -> np.ndarray:
    """im2col of ``x`` [channels, time] at ``positions``: [channels * kernel + 1, n], the
    last row ones (the bias), ordered to match ``weight.reshape(out, channels * kernel)``."""
    padded = np.pad(x, ((0, 0), (pads[0], pads[1])))
    taps = positions[None, :] + dilation * np.arange(kernel)[:, None]
    stacked = padded[:, taps].reshape(x.shape[0] * kernel, -1)
    return np.vstack([stacked, np.ones((1, stacked.shape[1]), dtype=stacked.dtype)])


def record_moments(model_path: Path, calls: Sequence[Call], seed: int = 0) -> dict[str, np.ndarray]:
    """Second moments of each unit's ``convs2`` im2col columns over ``calls`` (1 thread)."""
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper

    model = onnx.load(str(model_path))
    units = _units(Graph(model.graph), model_path)
    for unit in units:
        model.graph.output.append(helper.make_tensor_value_info(unit.conv2.input, TensorProto.FLOAT, None))
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    feeds_names = [i.name for i in session.get_inputs()]
    rng = np.random.default_rng(seed)
    moments: dict[str, np.ndarray] = {}
    for call in calls:
        tokens = np.array([[0, *call.token_ids, 0]], dtype=np.int64)
        feeds = dict(zip(feeds_names, (tokens, call.style.reshape(1, -1).astype(np.float32), np.ones(1, np.float32))))
        outputs = dict(zip(names, session.run(names, feeds)))
        for unit in units:
            x = outputs[unit.conv2.input][0]
            attrs = unit.conv2.attributes
            positions = np.sort(rng.choice(x.shape[1], size=min(POSITIONS, x.shape[1]), replace=False))
            cols = _columns(x, unit.conv2.weight.shape[2], int(attrs.get("dilations", [1])[0]),
                            [int(p) for p in attrs.get("pads", [0, 0])], positions)
            gram = (cols @ cols.T).astype(np.float64)
            moments[unit.name] = moments.get(unit.name, 0) + gram
    return moments


def _units(graph: Graph, path: Path) -> list[Unit]:
    units = find_units(graph)
    if not units:
        raise EngineError(
            f"{Path(path).name} has no int8 vocoder resblocks to prune",
            hint="prune the bundled int8 model (kokoro-v1.0-int8), not a float export or a converted one",
        )
    return units


def _taps(channels: Sequence[int], kernel: int) -> np.ndarray:
    return (np.asarray(channels)[:, None] * kernel + np.arange(kernel)[None, :]).reshape(-1)


def choose_and_refit(unit: Unit, gram: np.ndarray, keep: int, refit: bool = True) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """The ``keep`` internal channels whose ``convs2`` contribution carries the most
    energy, and ``convs2`` refitted on them: (kept, weights, bias, relative error)."""
    weight, bias = float_weights(unit)
    out, channels, kernel = weight.shape
    full = np.hstack([weight.reshape(out, channels * kernel), bias[:, None]]).astype(np.float64)
    energy = np.array([
        np.trace(full[:, t] @ gram[np.ix_(t, t)] @ full[:, t].T) for t in (_taps([c], kernel) for c in range(channels))
    ])
    kept = np.sort(np.argsort(energy)[::-1][:keep])
    columns = np.append(_taps(kept, kernel), channels * kernel)
    sub = gram[np.ix_(columns, columns)]
    ridge = RIDGE * float(np.mean(np.diag(sub)))
    if refit:
        solved = np.linalg.solve(sub + ridge * np.eye(len(columns)), (full @ gram[:, columns]).T).T
    else:  # kept weights as they are; the removed channels' mean goes into the bias
        removed = np.setdiff1d(np.arange(channels * kernel), columns[:-1])
        mean = gram[-1, removed] / gram[-1, -1]
        solved = full[:, columns].copy()
        solved[:, -1] += full[:, removed] @ mean
    target = np.trace(full @ gram @ full.T)
    residual = full @ gram @ full.T - 2 * solved @ gram[columns] @ full.T + solved @ sub @ solved.T
    error = float(np.trace(residual) / max(target, 1e-30))
    new_weight = solved[:, :-1].reshape(out, keep, kernel).astype(np.float32)
    return kept, new_weight, solved[:, -1].astype(np.float32), error


def stage_of(unit: Unit) -> int:
    return unit.block // STAGE_BLOCKS + 1


def prune_model(source: Path, dest: Path, keep: dict[int, float], moments: dict[str, np.ndarray], refit: bool = True) -> dict[str, float]:
    """Write ``source`` with each stage's internal channels cut to ``keep[stage]`` of
    them (rounded to a multiple of 8); the relative refit error per unit.

    ``moments`` come from :func:`record_moments` on ``source``. ``refit`` false keeps the
    kept weights as they are and moves the removed channels' mean into the bias (measured
    worse: docs/throughput.md)."""
    import onnx

    for stage, fraction in keep.items():
        if not 0.0 < fraction <= 1.0:
            raise UsageError(f"stage {stage}: keep fraction {fraction} is not in (0, 1]", hint="e.g. 0.75 keeps 3/4 of the channels")
    model = onnx.load(str(source))
    graph = Graph(model.graph)
    errors = {}
    pruned_blocks = set()
    for unit in _units(graph, source):
        fraction = keep.get(stage_of(unit), 1.0)
        if fraction >= 1.0:
            continue
        count = min(unit.channels, max(8, int(round(unit.channels * fraction / 8)) * 8))
        kept, weight, bias, errors[unit.name] = choose_and_refit(unit, moments[unit.name], count, refit)
        prune_unit(graph, unit, kept, weight, bias)
        pruned_blocks.add(f"/generator/resblocks.{unit.block}/")
    # Recorded intermediate shapes of pruned blocks are stale: ORT infers them again.
    stale = [v for v in model.graph.value_info if any(b in v.name for b in pruned_blocks)]
    for info in stale:
        model.graph.value_info.remove(info)
    graph.drop_dead_nodes()
    onnx.save(model, str(dest))
    return errors
