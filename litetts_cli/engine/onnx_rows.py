"""The ``int8-rows`` form of a generator convolution (see :mod:`litetts_cli.engine.convert`).

``int8-gemm`` multiplies the weights (uint8, the left operand) by the stacked input
(int8). On a CPU without VNNI, ORT's uint8 x int8 GEMM sums pairs of products in int16
(``vpmaddubsw``), which saturates for 2 x 191 x 128 and so is not exact there. This form
swaps the sides: the input is the uint8 operand and the 7-bit weights the int8 one, so a
pair sum is at most 2 x 255 x 64 and every ISA computes the int8 model's exact products.
The weights, now the constant right operand, are packed once by ORT. It costs two
transposes per convolution: measured faster than ``int8-gemm`` under AVX2 and slower
with VNNI/AMX (docs/throughput.md), so it is a model of its own that each machine's
measurement (``engine.machine_choice``) may choose.
"""

from __future__ import annotations

import numpy as np

from litetts_cli.engine.onnx_rewrite import ConvChain, Graph, rewrite_int8_gemm
from litetts_cli.errors import EngineError

ROWS_IN = "_rows_rows"
"""Name ending of each convolution's transpose of its quantized input to [length, channels]."""
ROWS_OUT = "_rows_output"
"""Name ending of each convolution's transpose of its float result back to [channels, length]."""


def rewrite_int8_rows(model, scope: str) -> tuple[int, int]:
    """:func:`rewrite_int8_gemm` with :func:`gemm_conv_rows`; (convolutions, norms)."""
    return rewrite_int8_gemm(model, scope, gemm_conv_rows)


def gemm_conv_rows(graph: Graph, chain: ConvChain) -> list:
    """The chain's convolution as im2col over rows: the input quantized by its own
    ``DynamicQuantizeLinear`` (uint8), turned to [length, channels], ``kernel`` shifted
    copies side by side, times the 7-bit weights as int8 [kernel * channels, out]
    (constant, so ORT packs them once), rescaled, turned back. Activations are the uint8
    side and weights the int8 side, so AVX2's ``vpmaddubsw`` pair sums (at most
    2 x 255 x 64) never saturate, and no quantize ops are added."""
    from onnx import TensorProto, helper

    out_channels, in_channels, kernel = chain.weight.shape
    stacked = np.transpose(chain.weight, (2, 1, 0)).reshape(kernel * in_channels, out_channels)
    if stacked.min() < -128 or stacked.max() > 127:
        raise EngineError(f"{chain.node.name}: weights do not fit int8")
    quantize = graph.producer[chain.node.input[0]]
    attrs = chain.attributes
    dilation = int(attrs.get("dilations", [1])[0])
    pads = [int(p) for p in attrs.get("pads", [0, 0])]
    base = chain.node.name.removesuffix("_quant") + "_rows"
    c = graph.constant
    nodes: list = []

    def node(op, inputs, name, **kw):
        nodes.append(helper.make_node(op, inputs, [f"{base}_{name}"], name=f"{base}_{name}", **kw))
        return f"{base}_{name}"

    quantized, scale, zero_point = quantize.output[0], quantize.output[1], quantize.output[2]
    rows = node("Transpose", [quantized], ROWS_IN.removeprefix("_rows_"), perm=[0, 2, 1])
    columns = gather_taps(node, c, rows, zero_point, (kernel, dilation, pads))
    weights = c(f"{base}_weight_int8", stacked.astype(np.int8))
    product = node("MatMulInteger", [columns, weights, zero_point, c("rows_weight_zero_point", np.array(0, np.int8))], "product")
    rescale = node("Mul", [scale, c(f"{base}_weight_scale", chain.weight_scale)], "rescale")
    floats = node("Mul", [node("Cast", [product], "product_float", to=TensorProto.FLOAT), rescale], "unbiased")
    if chain.bias is not None:
        floats = node("Add", [floats, c(f"{base}_bias", chain.bias.reshape(-1))], "biased")
    node("Transpose", [floats], ROWS_OUT.removeprefix("_rows_"), perm=[0, 2, 1])
    nodes[-1].output[0] = chain.output
    return nodes


def gather_taps(node, constant, rows: str, zero_point: str, taps: tuple[int, int, list[int]]) -> str:
    """im2col over rows in one copy: ``rows`` ([1, length, channels]) padded with
    ``zero_point`` along the length, then one ``Gather`` of rows ``t + tap * dilation``
    for every output row ``t`` ([1, length, kernel, channels]), seen as [1, length,
    kernel x channels]. The same matrix as slicing ``kernel`` shifted copies and
    concatenating them, in one pass instead of two (the Slice copies and the Concat
    of channel-sized pieces were 12% of int8-rows under AVX2; docs/throughput.md)."""
    kernel, dilation, pads = taps
    if kernel == 1:
        return rows
    padded = node("Pad", [rows, constant(f"rows_pads_{pads[0]}_{pads[1]}", np.array([0, pads[0], 0, 0, pads[1], 0], np.int64)),
                          zero_point], "padded")
    shape = node("Shape", [rows], "shape")
    length = node("Gather", [shape, constant("rows_axis_1", np.array(1, np.int64))], "length", axis=0)
    starts = node("Range", [constant("rows_zero", np.array(0, np.int64)), length, constant("rows_one", np.array(1, np.int64))], "starts")
    offsets = constant(f"rows_taps_{kernel}_{dilation}", (np.arange(kernel, dtype=np.int64) * dilation).reshape(1, kernel))
    indices = node("Add", [node("Unsqueeze", [starts, constant("rows_axis_1_list", np.array([1], np.int64))], "starts_column"), offsets],
                   "indices")
    gathered = node("Gather", [padded, indices], "gathered", axis=1)
    flat = constant(f"rows_flat_{kernel}", np.array([0, 0, -1], np.int64))
    return node("Reshape", [gathered, flat], "columns")
