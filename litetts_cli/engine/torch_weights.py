"""Kokoro weights for the torch engine, read from the bundled int8 ONNX model.

The ONNX export keeps module paths in its node and initializer names
(``decoder.decoder.generator.resblocks.4.adain2.2.fc.bias``,
``/encoder/F0.0/conv1/Conv_quant``), so each weight is found by the node that uses it:
``ConvInteger`` and ``MatMulInteger`` weights are int8 with a zero point (the node's
input) and a per-tensor or per-channel scale (``<weight>_scale``); the anonymous ones
(``onnx::MatMul_6548_3_quantized``, ``onnx::LSTM_6930_quantized``) get their module path
from the node's name. Weight norm is already folded into the convolution weights, and
the LSTMs come in ONNX's gate order (input, output, forget, cell), which is reordered to
torch's (input, forget, cell, output).

:func:`read_onnx_weights` returns the dequantized float32 state dict of
:class:`litetts_cli.engine.torch_model.KokoroModel`. :func:`save_compact` keeps the
int8 values and scales (a quarter of float32, for carrying the weights around) and
:func:`load_compact` dequantizes them again, bit for bit the same floats.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from itertools import chain
from pathlib import Path
from typing import Iterator

import numpy as np

from litetts_cli.errors import EngineError

_LSTM_GATES = (0, 2, 3, 1)
"""torch's gate blocks (i, f, g, o) as indices into ONNX's (i, o, f, c)."""
_REPEAT_SUFFIX = re.compile(r"^(.*?)_\d+$")
_PREDICTOR_PARTS = ("F0", "N", "shared", "F0_proj", "N_proj")
"""Predictor modules that the export scoped directly under the encoder (called as
methods, not through the predictor's forward)."""


def module_path(node_name: str) -> str:
    """The torch module path of an ONNX node, e.g. ``/encoder/F0.0/conv1/Conv_quant``
    -> ``predictor.F0.0.conv1``."""
    parts = [p for p in node_name.split("/") if p][:-1]
    parts = [(_REPEAT_SUFFIX.match(p).group(1) if _REPEAT_SUFFIX.match(p) else p) for p in parts]
    joined: list[str] = []
    for part in parts:
        # nn.Sequential children appear as ``cnn.0/cnn.0.0``: keep the longer one.
        if joined and part.startswith(joined[-1] + "."):
            joined[-1] = part
        else:
            joined.append(part)
    path = ".".join(joined)
    return _rename(path)


def _rename(path: str) -> str:
    if path.startswith("decoder.decoder."):
        return "decoder." + path[len("decoder.decoder."):]
    if path.startswith("encoder."):
        path = path[len("encoder."):]
        if path.split(".")[0] in _PREDICTOR_PARTS:
            path = "predictor." + path
    return path


class _Quantized:
    """int8 values less their zero point, and a scale, both per tensor or along ``axis``."""

    def __init__(self, values: np.ndarray, zero_point: np.ndarray, scale: np.ndarray, axis: int | None):
        self.axis = axis if np.ndim(scale) else None
        self.values = values.astype(np.int16) - self._along(zero_point.astype(np.int16), values.ndim)
        self.scale = np.asarray(scale, dtype=np.float32)

    def _along(self, array: np.ndarray, ndim: int) -> np.ndarray:
        if not array.ndim or self.axis is None:
            return array
        shape = [1] * ndim
        shape[self.axis] = -1
        return array.reshape(shape)

    def direction(self, index: int, reorder) -> "_Quantized":
        """One LSTM direction, (in, 4H) transposed to torch's (4H, in) and gates reordered."""
        one = _Quantized(np.zeros((), np.int16), np.zeros((), np.int16), self.scale[index], None)
        one.values = reorder(self.values[index].T)
        return one

    def dequantize(self) -> np.ndarray:
        return self.values.astype(np.float32) * self._along(self.scale, self.values.ndim)


def read_onnx_weights(model_path: Path, *, compact: bool = False) -> dict:
    """The state dict of :class:`KokoroModel` from an int8 Kokoro v1.0 ONNX file.

    Args:
        model_path: the bundled ``kokoro-v1.0-int8`` model.
        compact: keep quantized tensors as ``(int8 values, scale, scale_axis)`` tuples.
    """
    graph, numpy_helper = _load_graph(model_path)
    init = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    out: dict = {}
    for name, value in chain(_node_weights(graph, init), _plain_weights(init)):
        out.setdefault(name, value)  # the first wins: ALBERT's shared layer appears twelve times
    if compact:
        return out
    return {k: (v.dequantize() if isinstance(v, _Quantized) else v) for k, v in out.items()}


def _load_graph(model_path: Path):
    """The ONNX graph of ``model_path`` and onnx's numpy helper (onnx is an optional extra)."""
    try:
        import onnx
        from onnx import numpy_helper
    except ModuleNotFoundError:
        raise EngineError("reading ONNX weights needs the onnx package", hint="pip install onnx") from None
    try:
        return onnx.load(str(model_path)).graph, numpy_helper
    except Exception as exc:  # onnx raises DecodeError, OSError, ...
        raise EngineError(f"cannot read {model_path}: {exc}", hint="run `litetts models verify`") from None


def _node_weights(graph, init: dict) -> Iterator[tuple[str, object]]:
    """(state dict name, weight) for the weights found through the nodes that use them."""
    for node in graph.node:
        ins = list(node.input)
        if node.op_type in ("ConvInteger", "MatMulInteger") and ins[1] in init:
            yield module_path(node.name) + ".weight", _integer_weight(node.op_type, ins, init)
        elif node.op_type == "DynamicQuantizeLSTM":
            yield from _lstm_weights(module_path(node.name), ins, init)
        elif node.op_type == "DequantizeLinear" and node.name.endswith("Gather_quant_DequantizeLinear"):
            gather = node.name[: -len("_DequantizeLinear")]
            table = next(n for n in graph.node if n.name == gather).input[0]
            yield module_path(gather) + ".weight", _Quantized(init[table], init[ins[2]], init[ins[1]], None)
        elif node.op_type in ("ConvTranspose", "Conv") and ins[1] in init and "istft" not in node.name:
            yield module_path(node.name) + ".weight", init[ins[1]].astype(np.float32)
        elif node.op_type == "MatMul" and len(ins) > 1 and ins[1] in init:
            yield module_path(node.name) + ".weight", init[ins[1]].T.astype(np.float32).copy()


def _integer_weight(op_type: str, ins: list[str], init: dict) -> _Quantized:
    """The weight of a ``ConvInteger`` or ``MatMulInteger`` node, laid out as torch's."""
    scale = init[ins[1][: -len("_quantized")] + "_scale"]
    if op_type == "ConvInteger":
        return _Quantized(init[ins[1]], init[ins[3]], scale, 0)
    # MatMul weights are (in, out) with per-output scales; Linear's are (out, in)
    q = _Quantized(init[ins[1]], init[ins[3]], scale, 1)
    q.values, q.axis = q.values.T.copy(), 0
    return q


def _lstm_weights(path: str, ins: list[str], init: dict) -> Iterator[tuple[str, object]]:
    """Both directions of a ``DynamicQuantizeLSTM``, in torch's names and gate order."""
    w = _Quantized(init[ins[1]], init[ins[9]], init[ins[8]], 0)
    r = _Quantized(init[ins[2]], init[ins[11]], init[ins[10]], 0)
    bias = init[ins[3]]
    for direction, suffix in ((0, ""), (1, "_reverse")):
        yield f"{path}.weight_ih_l0{suffix}", w.direction(direction, _gates)
        yield f"{path}.weight_hh_l0{suffix}", r.direction(direction, _gates)
        wb, rb = np.split(bias[direction], 2)
        yield f"{path}.bias_ih_l0{suffix}", _gates(wb).astype(np.float32)
        yield f"{path}.bias_hh_l0{suffix}", _gates(rb).astype(np.float32)


def _plain_weights(init: dict) -> Iterator[tuple[str, object]]:
    """Float initializers that no quantized node claims (norms, biases, embeddings)."""
    for name, value in init.items():
        if name.startswith(("encoder.", "decoder.decoder.")) and not name.endswith(
            ("_quantized", "_scale", "_zero_point", "_reshape_shape")
        ) and "stft" not in name:
            yield _rename(name), value.astype(np.float32)


def _gates(matrix: np.ndarray) -> np.ndarray:
    blocks = np.split(np.asarray(matrix), 4, axis=0)
    return np.concatenate([blocks[i] for i in _LSTM_GATES], axis=0)


def save_compact(weights: dict, path: Path) -> None:
    """Write :func:`read_onnx_weights` (``compact=True``) to one ``.npz`` file."""
    arrays = {}
    for name, value in weights.items():
        if isinstance(value, _Quantized):
            arrays[f"q|{name}"] = value.values.astype(np.int8)
            arrays[f"s|{name}|{'' if value.axis is None else value.axis}"] = value.scale
        else:
            arrays[f"f|{name}"] = value
    np.savez_compressed(path, **arrays)


def load_compact(path: Path) -> dict:
    """The float32 state dict saved by :func:`save_compact`."""
    data = np.load(path)
    out = {}
    for key in data.files:
        kind, name = key.split("|")[:2]
        if kind == "f":
            out[name] = data[key]
        elif kind == "s":
            axis = key.split("|")[2]
            q = _Quantized(data[f"q|{name}"], np.zeros((), np.int16), data[key], int(axis) if axis else None)
            out[name] = q.dequantize()
    return out


WEIGHTS_FORMAT = 1
"""Bumped when :func:`read_onnx_weights`'s output changes, so older saved weights are not found."""


def saved_weights_path(model_path: Path) -> Path:
    """Where the dequantized weights of ``model_path`` are kept (``optimized/`` beside it),
    named by the file's size and modification time and the format."""
    info = Path(model_path).stat()
    key = hashlib.sha256(f"{info.st_size}:{info.st_mtime_ns}:{WEIGHTS_FORMAT}".encode()).hexdigest()[:16]
    return Path(model_path).parent / "optimized" / f"torch-weights-{key}.npz"


def load_weights(model_path: Path) -> dict:
    """:func:`read_onnx_weights`, saved once beside the model as float32 arrays (an
    uncompressed archive, read back in well under a second) so that later loads skip
    parsing and dequantizing the ONNX file. A store that cannot be written is only slower."""
    saved = saved_weights_path(model_path)
    if saved.is_file():
        try:
            with np.load(saved) as data:
                return {name: data[name] for name in data.files}
        except (OSError, ValueError, KeyError):
            saved.unlink(missing_ok=True)  # damaged: made again below
    weights = read_onnx_weights(model_path)
    try:
        saved.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".torch-weights.", suffix=".tmp.npz", dir=saved.parent)
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **weights)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, saved)
        for older in saved.parent.glob("torch-weights-*.npz"):
            if older != saved:
                older.unlink(missing_ok=True)
    except OSError:
        pass
    return weights
