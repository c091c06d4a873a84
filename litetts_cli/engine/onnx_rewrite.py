"""The graph rewrite behind ``int8-gemm`` (see :mod:`litetts_cli.engine.convert`).

Generator convolutions (``DynamicQuantizeLinear -> ConvInteger -> ... -> Mul``) become
the same arithmetic on ORT's int8 GEMM (im2col + ``MatMulInteger``), and each AdaIN +
Snake pair becomes one ``InstanceNormalization`` and four element-wise ops.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from litetts_cli.errors import EngineError


def rewrite_int8_gemm(model, scope: str, form=None) -> tuple[int, int]:
    """Rewrite ``model`` (an ``onnx.ModelProto``) in place; (convolutions, norms) rewritten.

    Only stride-1 convolutions whose node name contains ``scope`` are rewritten; when
    there are none the model is left untouched and (0, 0) returned. ``form(graph,
    chain)`` writes each convolution's new nodes (default :func:`gemm_conv`, the
    ``int8-gemm`` layout; ``onnx_rows.gemm_conv_rows`` is the ``int8-rows`` one).
    """
    graph = Graph(model.graph)
    chains = [c for c in graph.conv_chains() if scope in c.node.name and c.stride_one]
    if not chains:
        return 0, 0
    form = form or gemm_conv
    graph.replace(chains, {_key(c.node): form(graph, c) for c in chains})
    norms = _fuse_adain_snake(model.graph)
    graph.drop_dead_nodes()
    return len(chains), norms


@dataclass
class ConvChain:
    """DynamicQuantizeLinear -> ConvInteger -> [Add int32 bias] -> Cast -> Mul(scale)."""

    node: object
    input: str
    """The float tensor the chain quantizes."""
    output: str
    """The float tensor the chain produces."""
    weight: np.ndarray
    """Signed weights ``w - zero_point`` (exact in int8 for this model's 7-bit weights)."""
    weight_scale: np.ndarray
    bias: np.ndarray | None
    removed: list = field(default_factory=list)
    """The chain's Add / Cast / Mul nodes, which the rewrite replaces."""

    @property
    def attributes(self) -> dict:
        from onnx import helper

        return {a.name: helper.get_attribute_value(a) for a in self.node.attribute}

    @property
    def stride_one(self) -> bool:
        attrs = self.attributes
        return list(attrs.get("strides", [1])) == [1] and attrs.get("group", 1) == 1 and self.weight.ndim == 3


def _key(node) -> str:
    """A node's identity within its graph (names are unique in Kokoro's exports)."""
    return node.name or node.output[0]


class Graph:
    """An ONNX graph with lookups: initializers, producers and consumers by tensor name."""

    def __init__(self, graph):
        from onnx import numpy_helper

        self.graph = graph
        self.to_array = numpy_helper.to_array
        self.from_array = numpy_helper.from_array
        self.initializers = {i.name: i for i in graph.initializer}
        self.producer = {out: n for n in graph.node for out in n.output}
        self.consumers: dict[str, list] = defaultdict(list)
        for node in graph.node:
            for name in node.input:
                self.consumers[name].append(node)
        self.added: dict[str, object] = {}

    def array(self, name: str) -> np.ndarray:
        return self.to_array(self.initializers[name])

    def constant(self, name: str, value: np.ndarray) -> str:
        """Add an initializer (once per name) and return its name."""
        if name not in self.added:
            self.added[name] = self.from_array(np.asarray(value), name)
        return name

    def only_consumer(self, name: str, op_type: str):
        users = self.consumers.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    def conv_chains(self):
        for node in self.graph.node:
            if node.op_type == "ConvInteger":
                chain = self._chain(node)
                if chain is not None:
                    yield chain

    def _chain(self, node) -> ConvChain | None:
        """The chain around a ConvInteger, or None for any shape this does not know
        (such a node is left as it is)."""
        quantize = self.producer.get(node.input[0])
        if quantize is None or quantize.op_type != "DynamicQuantizeLinear":
            return None
        if node.input[1] not in self.initializers or len(node.input) < 4 or node.input[3] not in self.initializers:
            return None
        add = self.only_consumer(node.output[0], "Add")
        bias = None
        if add is not None:
            bias = self._float_bias(add.input[1] if add.input[0] == node.output[0] else add.input[0])
            if bias is None:
                return None
        cast = self.only_consumer((node if add is None else add).output[0], "Cast")
        mul = None if cast is None else self.only_consumer(cast.output[0], "Mul")
        if mul is None:
            return None
        scales = self.producer.get(mul.input[1] if mul.input[0] == cast.output[0] else mul.input[0])
        # The rescale factor is input_scale * weight_scale, multiplied per call.
        if scales is None or scales.op_type != "Mul" or quantize.output[1] not in scales.input:
            return None
        weight_scale = scales.input[1] if scales.input[0] == quantize.output[1] else scales.input[0]
        if weight_scale not in self.initializers:
            return None
        weight = self.array(node.input[1]).astype(np.int32) - self.array(node.input[3]).astype(np.int32)
        return ConvChain(
            node=node,
            input=quantize.input[0],
            output=mul.output[0],
            weight=weight,
            weight_scale=self.array(weight_scale).astype(np.float32),
            bias=bias,
            removed=[n for n in (add, cast, mul) if n is not None],
        )

    def _float_bias(self, name: str) -> np.ndarray | None:
        """The float bias behind Reshape(Cast(Floor(Div(bias, scale)))), the quantizer's
        per-call int32 bias; None if ``name`` is anything else."""
        node = self.producer.get(name)
        for op_type in ("Reshape", "Cast", "Floor", "Div"):
            if node is None or node.op_type != op_type:
                return None
            if op_type == "Div":
                return self.array(node.input[0]).astype(np.float32) if node.input[0] in self.initializers else None
            node = self.producer.get(node.input[0])
        return None

    def replace(self, chains: list[ConvChain], rewrite: dict[str, list]) -> None:
        """Put each chain's new nodes where its ConvInteger was; drop its rescale nodes."""
        self.rewrite(rewrite, {_key(n) for chain in chains for n in chain.removed})

    def rewrite(self, rewrite: dict[str, list], removed: set[str] = frozenset()) -> None:
        """Put new nodes where the nodes keyed by :func:`_key` were; drop ``removed``
        ones; add the new initializers (sorted by name, so every run writes the same file)."""
        kept = []
        for node in self.graph.node:
            if _key(node) in rewrite:
                kept.extend(rewrite[_key(node)])
            elif _key(node) not in removed:
                kept.append(node)
        del self.graph.node[:]
        self.graph.node.extend(kept)
        self.graph.initializer.extend(self.added[name] for name in sorted(self.added))
        self.added = {}

    def drop_dead_nodes(self) -> None:
        """Remove nodes and initializers nothing reads any more (graph outputs are read)."""
        needed = {o.name for o in self.graph.output}
        kept = []
        for node in reversed(self.graph.node):
            if any(out in needed for out in node.output):
                kept.append(node)
                needed.update(i for i in node.input if i)
        kept.reverse()
        del self.graph.node[:]
        self.graph.node.extend(kept)
        initializers = [i for i in self.graph.initializer if i.name in needed]
        del self.graph.initializer[:]
        self.graph.initializer.extend(initializers)


def gemm_conv(graph: Graph, chain: ConvChain) -> list:
    """The chain's convolution as quantize -> im2col -> MatMulInteger -> rescale [+ bias].

    Same quantization as DynamicQuantizeLinear (range widened to hold 0, 255 steps,
    round half to even), shifted by -128 into int8 so ORT can use its uint8 x int8 GEMM.
    """
    from onnx import TensorProto, helper

    out_channels, in_channels, kernel = chain.weight.shape
    stacked = np.transpose(chain.weight, (0, 2, 1)).reshape(out_channels, kernel * in_channels) + 128
    if stacked.min() < 0 or stacked.max() > 255:
        raise EngineError(f"{chain.node.name}: weights do not fit uint8 around zero point 128")
    attrs = chain.attributes
    dilation = int(attrs.get("dilations", [1])[0])
    pads = [int(p) for p in attrs.get("pads", [0, 0])]
    base = chain.node.name.removesuffix("_quant")
    c = graph.constant

    def node(op, inputs, name, **kw):
        nodes.append(helper.make_node(op, inputs, [f"{base}_{name}"], name=f"{base}_{name}", **kw))
        return f"{base}_{name}"

    nodes: list = []
    zero = c("gemm_zero", np.array(0.0, np.float32))
    low = node("Min", [node("ReduceMin", [chain.input], "min", keepdims=0), zero], "low")
    high = node("Max", [node("ReduceMax", [chain.input], "max", keepdims=0), zero], "high")
    span = node("Max", [node("Sub", [high, low], "span"), c("gemm_tiny", np.array(1e-12, np.float32))], "span_min")
    scale = node("Div", [span, c("gemm_255", np.array(255.0, np.float32))], "scale")
    offset = node("Sub", [c("gemm_minus_128", np.array(-128.0, np.float32)), node("Div", [low, scale], "low_steps")], "offset")
    limits = [c("gemm_minus_128", np.array(-128.0, np.float32)), c("gemm_127", np.array(127.0, np.float32))]
    zero_point = node("Cast", [node("Clip", [node("Round", [offset], "offset_round"), *limits], "offset_clip")], "zero_point", to=TensorProto.INT8)
    quantized = node("QuantizeLinear", [chain.input, scale, zero_point], "quantized")
    columns = stack_taps(node, c, "gemm", quantized, chain.input, zero_point, (kernel, dilation, pads), time_axis=2)
    weights = c(f"{base}_weight_uint8", stacked.astype(np.uint8))
    product = node("MatMulInteger", [weights, columns, c("gemm_weight_zero_point", np.array(128, np.uint8)), zero_point], "product")
    rescale = node("Mul", [scale, c(f"{base}_weight_scale", chain.weight_scale)], "rescale")
    floats = node("Mul", [node("Cast", [product], "product_float", to=TensorProto.FLOAT), rescale], "unbiased")
    if chain.bias is not None:
        floats = node("Add", [floats, c(f"{base}_bias", chain.bias.reshape(1, -1, 1))], "biased")
    nodes[-1].output[0] = chain.output
    return nodes


def stack_taps(node, constant, prefix: str, source: str, float_input: str, zero_point: str,
               taps: tuple[int, int, list[int]], time_axis: int) -> str:
    """im2col: ``source`` padded with ``zero_point`` along ``time_axis``, its ``kernel``
    copies shifted by ``dilation`` stacked along the other non-batch axis (channels:
    1 when time is axis 2, 2 when time is axis 1). ``float_input`` gives the length."""
    kernel, dilation, pads = taps
    if kernel == 1:
        return source
    widths = [0, 0, 0, 0, 0, 0]
    widths[time_axis], widths[3 + time_axis] = pads[0], pads[1]
    padded = node("Pad", [source, constant(f"{prefix}_pads_{pads[0]}_{pads[1]}", np.array(widths, np.int64)), zero_point], "padded")
    length = node("Shape", [float_input], "length", start=2, end=3)
    axis = constant(f"{prefix}_axis_{time_axis}", np.array([time_axis], np.int64))
    shifted = []
    for tap in range(kernel):
        start = constant(f"{prefix}_start_{tap * dilation}", np.array([tap * dilation], np.int64))
        end = node("Add", [length, start], f"end_{tap}")
        shifted.append(node("Slice", [padded, start, end, axis], f"tap_{tap}"))
    return node("Concat", shifted, "columns", axis=3 - time_axis)


def _fuse_adain_snake(graph_proto) -> int:
    """Replace AdaIN (instance norm by hand, then ``(1 + gamma) * n + beta``) followed by
    Snake (``h + sin(alpha h)^2 / alpha``) with ``z = InstanceNormalization(x,
    alpha (1 + gamma), alpha beta)`` and ``(z + sin(z)^2) / alpha``: the same value, in
    five passes over the tensor instead of twelve. Returns how many were fused."""
    from onnx import helper

    graph = Graph(graph_proto)
    rewrite = {}
    for sin in list(graph_proto.node):
        if sin.op_type != "Sin":
            continue
        match = _adain_snake(graph, sin)
        if match is None:
            continue
        out_add, x, gain, beta, alpha, inverse_alpha, epsilon = match
        base = sin.name + "_adain_snake"
        flat = graph.constant("adain_flat_shape", np.array([-1], np.int64))
        names = [f"{base}_{n}" for n in ("gain", "gain_flat", "shift", "shift_flat", "z", "sin", "sin2", "sum")]
        rewrite[_key(out_add)] = [
            helper.make_node("Mul", [gain, alpha], [names[0]], name=names[0]),
            helper.make_node("Reshape", [names[0], flat], [names[1]], name=names[1]),
            helper.make_node("Mul", [beta, alpha], [names[2]], name=names[2]),
            helper.make_node("Reshape", [names[2], flat], [names[3]], name=names[3]),
            helper.make_node("InstanceNormalization", [x, names[1], names[3]], [names[4]], name=names[4], epsilon=epsilon),
            helper.make_node("Sin", [names[4]], [names[5]], name=names[5]),
            helper.make_node("Mul", [names[5], names[5]], [names[6]], name=names[6]),
            helper.make_node("Add", [names[4], names[6]], [names[7]], name=names[7]),
            helper.make_node("Mul", [names[7], inverse_alpha], [out_add.output[0]], name=f"{base}_out"),
        ]
    graph.rewrite(rewrite)
    return len(rewrite)


def _adain_snake(graph: Graph, sin):
    """(final Add, x, 1 + gamma, beta, alpha, 1/alpha, epsilon) when ``sin`` is the Sin of
    a Snake right after an AdaIN, else None."""
    init = graph.initializers
    alpha_mul = graph.producer.get(sin.input[0])
    if alpha_mul is None or alpha_mul.op_type != "Mul":
        return None
    alpha, h = (alpha_mul.input if alpha_mul.input[0] in init else alpha_mul.input[::-1])
    power = graph.only_consumer(sin.output[0], "Pow")
    if alpha not in init or power is None or power.input[1] not in init or float(graph.array(power.input[1])) != 2.0:
        return None
    inverse_mul = graph.only_consumer(power.output[0], "Mul")
    if inverse_mul is None:
        return None
    inverse_alpha = inverse_mul.input[0] if inverse_mul.input[1] == power.output[0] else inverse_mul.input[1]
    out_add = graph.only_consumer(inverse_mul.output[0], "Add")
    if inverse_alpha not in init or out_add is None or h not in out_add.input:
        return None
    if sorted(_key(n) for n in graph.consumers[h]) != sorted((_key(alpha_mul), _key(out_add))):
        return None
    affine = _ops(graph, h, "Add")
    scaled = affine and next((n for n in map(graph.producer.get, affine.input) if n is not None and n.op_type == "Mul"), None)
    if scaled is None:
        return None
    beta = affine.input[1] if affine.input[0] == scaled.output[0] else affine.input[0]
    for gain, normalized in (scaled.input, scaled.input[::-1]):
        norm = _instance_norm(graph, normalized)
        if norm is not None:
            x, epsilon = norm
            return out_add, x, gain, beta, alpha, inverse_alpha, epsilon
    return None


def _ops(graph: Graph, name: str, op_type: str):
    node = graph.producer.get(name)
    return node if node is not None and node.op_type == op_type else None


def _instance_norm(graph: Graph, name: str):
    """(x, epsilon) when ``name`` is (x - mean(x)) / sqrt(mean((x - mean)^2) + eps) over
    the last axis, else None."""
    divide = _ops(graph, name, "Div")
    centered = divide and _ops(graph, divide.input[0], "Sub")
    root = divide and _ops(graph, divide.input[1], "Sqrt")
    plus = root and _ops(graph, root.input[0], "Add")
    if not (centered and plus):
        return None
    mean = _ops(graph, centered.input[1], "ReduceMean")
    x = centered.input[0]
    variance_in, epsilon = (plus.input if plus.input[1] in graph.initializers else plus.input[::-1])
    variance = _ops(graph, variance_in, "ReduceMean")
    square = variance and _ops(graph, variance.input[0], "Mul")
    if not (mean and square and mean.input[0] == x and epsilon in graph.initializers):
        return None
    if list(square.input) != [centered.output[0]] * 2 or not all(_last_axis(graph, r) for r in (mean, variance)):
        return None
    return x, float(graph.array(epsilon))


def _last_axis(graph: Graph, reduce) -> bool:
    from onnx import helper

    attrs = {a.name: helper.get_attribute_value(a) for a in reduce.attribute}
    axes = attrs.get("axes")
    if axes is None and len(reduce.input) > 1 and reduce.input[1] in graph.initializers:
        axes = graph.array(reduce.input[1]).tolist()
    return axes in ([2], [-1]) and attrs.get("keepdims", 1) == 1
