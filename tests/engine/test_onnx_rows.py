"""int8-rows' im2col on small graphs: the same matrix, fewer passes.

The whole converted model is held to the audio bound in test_convert.py; these check the
pieces exactly where they can be exact, on graphs small enough to run in milliseconds.
"""

from __future__ import annotations

import numpy as np
import pytest
from onnx import TensorProto, helper, numpy_helper

from litetts_cli.engine.onnx_rows import ROWS_IN, ROWS_OUT, gather_taps

CHANNELS, LENGTH = 6, 50


def _run(nodes, inputs, outputs, initializers, feeds):
    import onnxruntime as ort

    graph = helper.make_graph(nodes, "g", inputs, outputs, initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)])
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return model, session.run(None, feeds)[0]


def _im2col(build, kernel, dilation, pads):
    """Run one im2col builder on a fixed uint8 [1, LENGTH, CHANNELS] input, padded with 7."""
    nodes, constants = [], {}

    def node(op, inputs, name, **kw):
        nodes.append(helper.make_node(op, inputs, [name], name=name, **kw))
        return name

    def constant(name, value):
        constants[name] = numpy_helper.from_array(np.asarray(value), name)
        return name

    zero_point = constant("zp", np.array(7, np.uint8))
    out = build(node, constant, zero_point)
    rows = np.random.default_rng(kernel * 10 + dilation).integers(0, 255, (1, LENGTH, CHANNELS)).astype(np.uint8)
    inputs = [helper.make_tensor_value_info("x", TensorProto.UINT8, [1, LENGTH, CHANNELS])]
    outputs = [helper.make_tensor_value_info(out, TensorProto.UINT8, None)]
    return _run(nodes, inputs, outputs, list(constants.values()), {"x": rows})[1]


@pytest.mark.parametrize("kernel, dilation, pads", [(3, 1, [1, 1]), (7, 3, [9, 9]), (11, 5, [25, 25]), (5, 2, [3, 5])])
def test_gather_im2col_is_the_slice_concat_matrix(kernel, dilation, pads):
    taps = (kernel, dilation, pads)
    sliced = _im2col(lambda node, c, zp: _sliced_taps(node, c, zp, taps), kernel, dilation, pads)
    gathered = _im2col(lambda node, c, zp: gather_taps(node, c, "x", zp, taps), kernel, dilation, pads)
    assert gathered.shape == (1, LENGTH + sum(pads) - dilation * (kernel - 1), kernel * CHANNELS)
    assert np.array_equal(gathered, sliced)


def _sliced_taps(node, constant, zero_point, taps):
    """The Slice + Concat im2col over rows, written out (what int8-rows built before)."""
    kernel, dilation, pads = taps
    padded = node("Pad", ["x", constant("p", np.array([0, pads[0], 0, 0, pads[1], 0], np.int64)), zero_point], "padded_ref")
    length = LENGTH + sum(pads) - dilation * (kernel - 1)
    pieces = []
    for tap in range(kernel):
        pieces.append(node("Slice", [padded, constant(f"b{tap}", np.array([tap * dilation], np.int64)),
                                     constant(f"e{tap}", np.array([tap * dilation + length], np.int64)),
                                     constant("ax", np.array([1], np.int64))], f"tap_ref_{tap}"))
    return node("Concat", pieces, "columns_ref", axis=2)
