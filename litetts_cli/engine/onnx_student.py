"""A smaller vocoder (a distilled "student" generator) written into the int8 Kokoro graph.

A student keeps some of each upsampling stage's three resblocks (kernels 3, 7, 11; their
outputs are averaged) and may cut the noise resblocks' kernels to their centre taps. Its
weights come from ``benchmarks/distill/train.py`` (a GPU run that trains the student on the
bundled model's own audio), in the form that file writes:

- ``q|NAME`` int8 steps in -63..63, ``s|NAME`` one scale, ``b|NAME`` the float bias, for
  every convolution the graph runs as ``ConvInteger`` (resblocks, noise_res, noise_convs);
- ``w|NAME`` / ``b|NAME`` float weights for the float ``ConvTranspose`` upsamplers and
  ``conv_post``;

NAME being the torch module path inside the generator (``resblocks.0.convs1.2``). The result
has the bundled model's inputs, outputs and node names, so ``int8-gemm`` and ``int8-rows``
convert it unchanged. Distilled students were measured and not kept as a variant: none came
within the conversion's audio bound (docs/throughput.md, "Distilling a smaller vocoder").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np

from litetts_cli.engine.onnx_prune import WEIGHT_ZERO_POINT, bias_div, quantize_weights, set_input, weight_scale_mul
from litetts_cli.engine.onnx_rewrite import ConvChain, Graph
from litetts_cli.errors import EngineError, UsageError

GENERATOR = "/decoder/decoder/generator/"
STAGE_SUMS = (("Div_2", 0), ("Div_4", 3))
"""Each stage's ``Div(sum of its resblocks, 3)`` node and its first resblock's index."""
BLOCKS_PER_STAGE = 3
FLOAT_LAYERS = {"ups.0": "ConvTranspose", "ups.1": "ConvTranspose", "conv_post": "Conv"}
_CONV = re.compile(r"/generator/((?:resblocks|noise_res)\.\d+/convs[12]\.\d+|noise_convs\.\d+)/Conv_quant$")


def module_name(node_name: str) -> str | None:
    """The generator's torch module path of a ConvInteger node, or None for any other."""
    match = _CONV.search(node_name)
    return match[1].replace("/", ".") if match else None


def teacher_weights(graph: Graph) -> dict[str, np.ndarray]:
    """The bundled generator's own weights in the student format (every resblock kept),
    each convolution on a fresh per-tensor 7-bit scale: the starting point of a student,
    and what writing the teacher back measures (the re-rounding alone)."""
    out: dict[str, np.ndarray] = {}
    for chain in graph.conv_chains():
        name = module_name(chain.node.name)
        if name is None:
            continue
        weights = chain.weight.astype(np.float32) * chain.weight_scale
        stored, scale = quantize_weights(weights)
        out[f"q|{name}"] = (stored.astype(np.int16) - WEIGHT_ZERO_POINT).astype(np.int8)
        out[f"s|{name}"] = scale
        out[f"b|{name}"] = chain.bias if chain.bias is not None else np.zeros(weights.shape[0], np.float32)
    nodes = {n.name: n for n in graph.graph.node}
    for name, op_type in FLOAT_LAYERS.items():
        node = nodes[f"{GENERATOR}{name}/{op_type}"]
        out[f"w|{name}"] = graph.array(node.input[1])
        out[f"b|{name}"] = graph.array(node.input[2])
    return out


def write_student(source: Path, dest: Path, weights: Mapping[str, np.ndarray], keep: Sequence[int]) -> int:
    """Write ``source`` (the bundled int8 model) with the student's ``weights`` and only the
    resblocks ``keep`` (kernel indices 0-2, the same in both stages) to ``dest``; the
    number of generator convolutions left."""
    import onnx

    keep = sorted(set(keep))
    if not keep or not set(keep) <= set(range(BLOCKS_PER_STAGE)):
        raise UsageError(f"resblocks to keep {keep} are not among 0, 1, 2", hint="e.g. keep 0 (kernel 3) or 0,1")
    model = onnx.load(str(source))
    graph = Graph(model.graph)
    placed: set[str] = set()
    changed: set[str] = set()
    for chain in list(graph.conv_chains()):
        name = module_name(chain.node.name)
        if name is not None and f"q|{name}" in weights:
            if _set_conv(graph, chain, weights, name):
                changed.add(name.rsplit(".", 2)[0])
            placed.add(name)
    nodes = {n.name: n for n in model.graph.node}
    for name, op_type in FLOAT_LAYERS.items():
        node = nodes.get(f"{GENERATOR}{name}/{op_type}")
        if node is None or f"w|{name}" not in weights:
            raise EngineError(f"{source.name}: no {name} weights to write", hint="use the bundled kokoro-v1.0-int8 model")
        set_input(graph, node, 1, np.asarray(weights[f"w|{name}"], np.float32))
        set_input(graph, node, 2, np.asarray(weights[f"b|{name}"], np.float32))
        placed.add(name)
    for div_name, first in STAGE_SUMS:
        _keep_blocks(model, graph, nodes[GENERATOR + div_name], first, keep)
    missing = {k.split("|", 1)[1] for k in weights} - placed
    if missing:
        raise EngineError(f"student weights with no place in the graph: {sorted(missing)[:3]}",
                          hint="write a student of the Kokoro v1.0 generator")
    stale = [v for v in model.graph.value_info if any(f"/{block}/" in v.name for block in changed)]
    for info in stale:  # a cut kernel's intermediate shapes: ORT infers them again
        model.graph.value_info.remove(info)
    graph.drop_dead_nodes()
    onnx.save(model, str(dest))
    return sum(1 for n in model.graph.node if n.op_type == "ConvInteger" and module_name(n.name))


def _set_conv(graph: Graph, chain: ConvChain, weights: Mapping[str, np.ndarray], name: str) -> bool:
    """Put one convolution's steps, scale and bias in place; True if its kernel changed."""
    node = chain.node
    steps = np.asarray(weights[f"q|{name}"]).astype(np.int16)
    set_input(graph, node, 1, (steps + WEIGHT_ZERO_POINT).astype(np.uint8))
    set_input(graph, node, 3, np.array(WEIGHT_ZERO_POINT, dtype=np.uint8))
    scales = weight_scale_mul(graph, chain)
    position = 1 if scales.input[0] == graph.producer[node.input[0]].output[1] else 0
    shape = graph.array(scales.input[position]).shape
    set_input(graph, scales, position, np.asarray(weights[f"s|{name}"], np.float32).reshape(shape))
    div = bias_div(graph, chain)
    set_input(graph, div, 0, np.asarray(weights[f"b|{name}"], np.float32).reshape(graph.array(div.input[0]).shape))
    kernel = steps.shape[2]
    if kernel == chain.weight.shape[2]:
        return False
    dilation = list(chain.attributes.get("dilations", [1]))[0]
    pad = (kernel * dilation - dilation) // 2
    for attribute in node.attribute:
        if attribute.name in ("pads", "kernel_shape"):
            del attribute.ints[:]
            attribute.ints.extend([pad, pad] if attribute.name == "pads" else [kernel])
    return True


def _keep_blocks(model, graph: Graph, div, first: int, keep: list[int]) -> None:
    """Make ``div`` the mean of the kept resblocks of its stage (the others go dead)."""
    from onnx import helper

    outputs = [f"{GENERATOR}resblocks.{first + k}/Add_8_output_0" for k in keep]
    if any(o not in graph.producer for o in outputs):
        raise EngineError("the generator's resblock outputs are not where they should be",
                          hint="write a student into the bundled kokoro-v1.0-int8 model")
    total = outputs[0]
    for index, other in enumerate(outputs[1:]):
        add = helper.make_node("Add", [total, other], [f"{div.name}_kept_{index}"], name=f"{div.name}_kept_{index}")
        model.graph.node.insert(list(model.graph.node).index(div), add)
        total = add.output[0]
    div.input[0] = total
    set_input(graph, div, 1, np.array(float(len(keep)), np.float32))
