"""Structured channel pruning of the int8 Kokoro vocoder's resblocks (``*-pruned`` models).

Each generator resblock unit is ``x + convs2(snake2(adain2(convs1(snake1(adain1(x))))))``.
Between ``convs1`` and ``convs2`` sit only per-channel operations (AdaIN's style-dependent
scale and shift, Snake's ``alpha``), so an internal channel can be removed exactly: its
``convs1`` output row and bias, its AdaIN ``fc`` columns (scale and shift), its Snake
constants and its ``convs2`` input column. The kept channels' values are unchanged; only
``convs2``'s output loses what the removed ones added, and ``convs2`` is refitted by
least squares on recorded activations (:mod:`litetts_cli.engine.prune_calibrate`) to make
up for it, then quantized again to the model's 7-bit weight format. The result is an int8
ONNX file of the same shape as the bundled one, so ``int8-gemm`` and ``int8-rows`` convert
it unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from litetts_cli.engine.onnx_rewrite import ConvChain, Graph
from litetts_cli.errors import EngineError

_CONVS2 = re.compile(r"/generator/resblocks\.(\d+)/convs2\.(\d+)/Conv_quant$")
WEIGHT_LEVELS = 63
"""The bundled model's convolution weights are 7-bit (stored 0..127 around a zero point);
a refitted weight is stored the same way, symmetric around :data:`WEIGHT_ZERO_POINT`, so
``w - zero_point`` fits int8 and int8-rows' exactness argument still holds."""
WEIGHT_ZERO_POINT = 64


@dataclass
class Unit:
    """One resblock unit's prunable parts, found by node name in the int8 graph."""

    block: int
    index: int
    conv1: ConvChain
    conv2: ConvChain
    fc: object
    """The AdaIN2 ``fc`` MatMulInteger: [style, 2 x channels] (scale rows, then shift rows)."""
    fc_scales: object
    fc_bias: object
    split: object
    alpha: object
    """``Mul(alpha, x)`` inside Snake, and ``Mul(1 / alpha, sin^2)`` below."""
    reciprocal: object

    @property
    def channels(self) -> int:
        return int(self.conv1.weight.shape[0])

    @property
    def name(self) -> str:
        return f"resblocks.{self.block}.{self.index}"


def find_units(graph: Graph) -> list[Unit]:
    """Every resblock unit of the generator, in graph order."""
    chains = {c.node.name: c for c in graph.conv_chains()}
    nodes = {n.name: n for n in graph.graph.node}
    units = []
    for name, conv2 in chains.items():
        match = _CONVS2.search(name)
        if match is None:
            continue
        block, index = int(match[1]), int(match[2])
        prefix = name[: match.start()] + f"/generator/resblocks.{block}"
        conv1 = chains.get(f"{prefix}/convs1.{index}/Conv_quant")
        fc_name = f"{prefix}/adain2.{index}/fc/Gemm"
        fc, scales, bias = (nodes.get(fc_name + s) for s in ("_MatMul_quant", "_MatMul_quant_scales_mul", "_Add"))
        split = next((n for n in graph.consumers.get(_unsqueezed(graph, bias), []) if n.op_type == "Split"), None)
        snake = _snake(graph, conv2.input)
        if conv1 is None or None in (fc, scales, bias, split) or snake is None:
            raise EngineError(f"{name}: not the resblock layout pruning knows")
        units.append(Unit(block, index, conv1, conv2, fc, scales, bias, split, *snake))
    return units


def _unsqueezed(graph: Graph, node) -> str:
    if node is None:
        return ""
    users = graph.consumers.get(node.output[0], [])
    return users[0].output[0] if len(users) == 1 and users[0].op_type == "Unsqueeze" else ""


def _snake(graph: Graph, name: str):
    """(alpha Mul, reciprocal Mul) of ``x + sin(alpha x)^2 / alpha`` producing ``name``."""
    add = graph.producer.get(name)
    if add is None or add.op_type != "Add":
        return None
    for x, other in ((add.input[0], add.input[1]), (add.input[1], add.input[0])):
        scaled = graph.producer.get(other)
        if scaled is None or scaled.op_type != "Mul":
            continue
        alpha = next((n for n in graph.consumers.get(x, []) if n.op_type == "Mul"), None)
        if alpha is not None and None not in (_initializer_input(graph, alpha), _initializer_input(graph, scaled)):
            return alpha, scaled
    return None


def _initializer_input(graph: Graph, node) -> int | None:
    return next((i for i, name in enumerate(node.input) if name in graph.initializers), None)


def set_input(graph: Graph, node, position: int, value: np.ndarray) -> None:
    """Give ``node`` a new initializer at input ``position`` (a fresh name, so initializers
    other nodes share, such as zero points, stay as they are)."""
    name = f"{node.input[position]}_pruned_{node.name or node.output[0]}"
    graph.graph.initializer.append(graph.from_array(np.ascontiguousarray(value), name))
    graph.initializers[name] = graph.graph.initializer[-1]
    node.input[position] = name


def bias_div(graph: Graph, chain: ConvChain):
    """The ``Div(bias, scale)`` node that makes the chain's per-call int32 bias."""
    add = graph.consumers[chain.node.output[0]][0]
    node = graph.producer[add.input[1] if add.input[0] == chain.node.output[0] else add.input[0]]
    while node.op_type != "Div":
        node = graph.producer[node.input[0]]
    return node


def weight_scale_mul(graph: Graph, chain: ConvChain):
    """The ``Mul(input_scale, weight_scale)`` node of the chain."""
    quantize = graph.producer[chain.node.input[0]]
    div = bias_div(graph, chain)
    node = graph.producer[div.input[1]]
    if node.op_type != "Mul" or quantize.output[1] not in node.input:
        raise EngineError(f"{chain.node.name}: weight scale not found")
    return node


def quantize_weights(weights: np.ndarray) -> tuple[np.ndarray, np.float32]:
    """Float weights as 7-bit uint8 around :data:`WEIGHT_ZERO_POINT`, one scale per tensor."""
    scale = np.float32(max(float(np.abs(weights).max()), 1e-12) / WEIGHT_LEVELS)
    steps = np.clip(np.round(weights / scale), -WEIGHT_LEVELS, WEIGHT_LEVELS)
    return (steps + WEIGHT_ZERO_POINT).astype(np.uint8), scale


def prune_unit(graph: Graph, unit: Unit, kept: np.ndarray, weight2: np.ndarray, bias2: np.ndarray) -> None:
    """Keep the internal channels ``kept`` of ``unit``; ``convs2`` gets the float weights
    ``weight2`` [out, len(kept), kernel] and bias ``bias2`` (its refit).

    The refitted weights are rounded on the original scale and zero point where they fit
    its 7-bit range (a weight the refit left alone rounds to itself: measured closer to the
    source, log-mel 0.054 against 0.068 for a fresh scale with nothing pruned), else on a
    fresh per-tensor scale."""
    kept = np.sort(np.asarray(kept, dtype=np.int64))
    channels = unit.channels
    both = np.concatenate([kept, kept + channels])
    # convs1: output rows and bias.
    conv1 = unit.conv1.node
    set_input(graph, conv1, 1, graph.array(conv1.input[1])[kept])
    div1 = bias_div(graph, unit.conv1)
    set_input(graph, div1, 0, graph.array(div1.input[0])[kept])
    # AdaIN2's fc: scale columns, then shift columns; its Split into two halves.
    for node, position in ((unit.fc, 1), (unit.fc, 3), (unit.fc_scales, 1), (unit.fc_bias, 1)):
        set_input(graph, node, position, graph.array(node.input[position])[..., both])
    set_input(graph, unit.split, 1, np.array([len(kept), len(kept)], dtype=np.int64))
    # Snake's alpha and 1 / alpha.
    for node in (unit.alpha, unit.reciprocal):
        position = _initializer_input(graph, node)
        set_input(graph, node, position, graph.array(node.input[position])[:, kept])
    # convs2: the refitted input columns, quantized again, with their scale and bias.
    conv2 = unit.conv2.node
    zero_point = int(graph.array(conv2.input[3]))
    stored = np.round(weight2 / unit.conv2.weight_scale) + zero_point
    if stored.min() >= 0 and stored.max() <= 2 * WEIGHT_ZERO_POINT - 1:
        set_input(graph, conv2, 1, stored.astype(np.uint8))
        set_input(graph, bias_div(graph, unit.conv2), 0, bias2.astype(np.float32))
        return
    stored, scale = quantize_weights(weight2)
    set_input(graph, conv2, 1, stored)
    set_input(graph, conv2, 3, np.array(WEIGHT_ZERO_POINT, dtype=np.uint8))
    scales = weight_scale_mul(graph, unit.conv2)
    position = 1 if scales.input[0] == graph.producer[conv2.input[0]].output[1] else 0
    set_input(graph, scales, position, np.array(scale, dtype=np.float32).reshape(graph.array(scales.input[position]).shape))
    div2 = bias_div(graph, unit.conv2)
    set_input(graph, div2, 0, bias2.astype(np.float32))


def float_weights(unit: Unit) -> tuple[np.ndarray, np.ndarray]:
    """``convs2``'s weights [out, in, kernel] and bias as the int8 model computes them."""
    conv = unit.conv2
    bias = conv.bias if conv.bias is not None else np.zeros(conv.weight.shape[0], np.float32)
    return conv.weight.astype(np.float32) * conv.weight_scale, bias.astype(np.float32)
