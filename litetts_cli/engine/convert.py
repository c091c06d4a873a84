"""Model conversions that make the int8 Kokoro model faster on CPUs.

The default model is dynamically quantized: each convolution is a ``ConvInteger``
(uint8 x uint8) fed by a ``DynamicQuantizeLinear`` of its input, and its int32 result
gets the bias added and is rescaled with ``Cast`` and ``Mul``. ONNX Runtime has no fast
kernel for uint8 x uint8 convolutions; on a 240-token chunk they are two thirds of the
run, nearly all of it in the vocoder's generator (docs/throughput.md).

``int8-gemm`` rewrites every stride-1 generator convolution as the same arithmetic in a
form ORT runs on its int8 GEMM (VNNI/AMX): the input is quantized per call over its own
range, exactly as before (now to int8 with a zero point), the ``kernel`` shifted copies
are stacked (im2col, ``Pad``/``Slice``/``Concat``) and one ``MatMulInteger`` multiplies
them by the model's own 7-bit weights, held as ``w - zero_point + 128`` in uint8 so the
values are unchanged. The result stays int32 and is rescaled to float, so nothing is
rounded that the int8 model did not round. It also replaces each AdaIN + Snake pair
(instance norm by hand in ~9 ops, then ``x + sin(a x)^2 / a`` in 5) with one
``InstanceNormalization`` and four element-wise ops, which is exact algebra.

Conversions are pure functions of the source bytes, so converting twice gives the same
file. :func:`log_mel_distance` measures how far a converted model's audio is from the
source's; ``litetts models convert`` refuses a result past :data:`DISTANCE_BOUND`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from litetts_cli.errors import EngineError, UsageError

if TYPE_CHECKING:
    from litetts_cli.engine.engine import Engine

METHODS = ("int8-gemm",)
"""Conversion methods :func:`convert_model` knows; the first is the default."""
GENERATOR_SCOPE = "/generator/"
"""Node-name part of the vocoder's generator, where the time goes."""
DISTANCE_BOUND = 0.1
"""Largest accepted :func:`log_mel_distance` (bels) between a converted model's audio and
the source model's, per sentence. Changing nothing but the int8 model's bias rounding
already moves the audio ~0.05; dropping all its activation rounding (float convolutions)
moves it ~0.11; a statically quantized variant that adds audible hiss is ~0.22."""

CHECK_SENTENCES = (
    "The old lighthouse keeper climbed the narrow stairs every evening.",
    "Did the ships slip past the rocks toward the harbor, or not?",
    "Seventeen thousand people gathered in the square on Tuesday morning!",
    "She whispered the answer, and nobody else heard a thing.",
)
"""What ``litetts models convert`` speaks with both models to compare them."""


@dataclass(frozen=True)
class ConvertReport:
    """What one conversion did."""

    source: Path
    dest: Path
    method: str
    convolutions: int
    """ConvInteger nodes rewritten as im2col + MatMulInteger."""
    norms: int
    """AdaIN + Snake pairs fused into InstanceNormalization."""
    nodes_before: int
    nodes_after: int
    size_before: int
    size_after: int


def convert_model(source: Path, dest: Path, method: str = METHODS[0]) -> ConvertReport:
    """Write a converted copy of the int8 Kokoro model ``source`` to ``dest``.

    Args:
        source: an int8 Kokoro ONNX file (``ConvInteger`` nodes), e.g. kokoro-v1.0-int8.
        dest: where to write the converted model (its folder must exist).
        method: one of :data:`METHODS`.

    Returns:
        A :class:`ConvertReport`; the same source and method always give the same bytes.
    """
    try:
        import onnx
    except ModuleNotFoundError:
        raise EngineError("converting models needs the onnx package", hint="pip install onnx") from None

    if method not in METHODS:
        raise UsageError(f"unknown conversion method {method!r}", hint=f"use one of {', '.join(METHODS)}")
    source, dest = Path(source), Path(dest)
    model = onnx.load(str(source))
    nodes_before = len(model.graph.node)
    graph = _Graph(model.graph)
    chains = [c for c in graph.conv_chains() if GENERATOR_SCOPE in c.node.name and c.stride_one]
    if not chains:
        raise EngineError(
            f"{source.name} has no int8 generator convolutions to convert",
            hint="convert the int8 model (kokoro-v1.0-int8), not a float export or a converted one",
        )
    graph.replace(chains, {_key(c.node): _gemm_conv(graph, c) for c in chains})
    norms = _fuse_adain_snake(model.graph)
    graph.drop_dead_nodes()
    model.producer_name = "litetts convert"
    model.producer_version = method
    onnx.save(model, str(dest))
    return ConvertReport(
        source=source,
        dest=dest,
        method=method,
        convolutions=len(chains),
        norms=norms,
        nodes_before=nodes_before,
        nodes_after=len(model.graph.node),
        size_before=source.stat().st_size,
        size_after=dest.stat().st_size,
    )


@dataclass(frozen=True)
class Similarity:
    """How close a converted model's audio is to its source's, call by call."""

    distances: tuple[float, ...]
    """:func:`log_mel_distance` per call; ``inf`` where the lengths differ."""
    length_mismatches: int

    @property
    def worst(self) -> float:
        return max(self.distances, default=0.0)

    @property
    def mean(self) -> float:
        return float(np.mean(self.distances)) if self.distances else 0.0

    def within(self, bound: float | None = None) -> bool:
        """Every length equal and every distance at most ``bound`` (:data:`DISTANCE_BOUND`)."""
        bound = DISTANCE_BOUND if bound is None else bound
        return self.length_mismatches == 0 and self.worst <= bound


def compare_models(
    reference: "Engine", candidate: "Engine", calls: Sequence[tuple[Sequence[int], np.ndarray]]
) -> Similarity:
    """Synthesize each (token ids, style row) with both engines and compare the audio.

    Output length depends only on the predicted durations, which no conversion touches,
    so any length difference means the conversion is broken.
    """
    distances = []
    mismatches = 0
    for token_ids, style in calls:
        expected = reference.synthesize(token_ids, style)
        got = candidate.synthesize(token_ids, style)
        if expected.size != got.size:
            mismatches += 1
            distances.append(float("inf"))
        else:
            distances.append(log_mel_distance(expected, got))
    return Similarity(tuple(distances), mismatches)


@dataclass
class _ConvChain:
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


class _Graph:
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

    def _chain(self, node) -> _ConvChain | None:
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
        return _ConvChain(
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

    def replace(self, chains: list[_ConvChain], rewrite: dict[str, list]) -> None:
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


def _gemm_conv(graph: _Graph, chain: _ConvChain) -> list:
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
    columns = quantized
    if kernel > 1:
        padded = node("Pad", [quantized, c(f"gemm_pads_{pads[0]}_{pads[1]}", np.array([0, 0, pads[0], 0, 0, pads[1]], np.int64)), zero_point], "padded")
        length = node("Shape", [chain.input], "length", start=2, end=3)
        axis = c("gemm_axis_2", np.array([2], np.int64))
        shifted = []
        for tap in range(kernel):
            start = c(f"gemm_start_{tap * dilation}", np.array([tap * dilation], np.int64))
            end = node("Add", [length, start], f"end_{tap}")
            shifted.append(node("Slice", [padded, start, end, axis], f"tap_{tap}"))
        columns = node("Concat", shifted, "columns", axis=1)
    weights = c(f"{base}_weight_uint8", stacked.astype(np.uint8))
    product = node("MatMulInteger", [weights, columns, c("gemm_weight_zero_point", np.array(128, np.uint8)), zero_point], "product")
    rescale = node("Mul", [scale, c(f"{base}_weight_scale", chain.weight_scale)], "rescale")
    floats = node("Mul", [node("Cast", [product], "product_float", to=TensorProto.FLOAT), rescale], "unbiased")
    if chain.bias is not None:
        floats = node("Add", [floats, c(f"{base}_bias", chain.bias.reshape(1, -1, 1))], "biased")
    nodes[-1].output[0] = chain.output
    return nodes


def _fuse_adain_snake(graph_proto) -> int:
    """Replace AdaIN (instance norm by hand, then ``(1 + gamma) * n + beta``) followed by
    Snake (``h + sin(alpha h)^2 / alpha``) with ``z = InstanceNormalization(x,
    alpha (1 + gamma), alpha beta)`` and ``(z + sin(z)^2) / alpha``: the same value, in
    five passes over the tensor instead of twelve. Returns how many were fused."""
    from onnx import helper

    graph = _Graph(graph_proto)
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


def _adain_snake(graph: _Graph, sin):
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


def _ops(graph: _Graph, name: str, op_type: str):
    node = graph.producer.get(name)
    return node if node is not None and node.op_type == op_type else None


def _instance_norm(graph: _Graph, name: str):
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


def _last_axis(graph: _Graph, reduce) -> bool:
    from onnx import helper

    attrs = {a.name: helper.get_attribute_value(a) for a in reduce.attribute}
    axes = attrs.get("axes")
    if axes is None and len(reduce.input) > 1 and reduce.input[1] in graph.initializers:
        axes = graph.array(reduce.input[1]).tolist()
    return axes in ([2], [-1]) and attrs.get("keepdims", 1) == 1


SAMPLE_RATE = 24_000
MEL_BANDS = 80
N_FFT = 1024
HOP = 256
MEL_FLOOR = 1e-5
"""Floor on mel power before log10, so near-silent frames do not dominate the distance."""


def log_mel(audio: np.ndarray) -> np.ndarray:
    """log10 mel power, (frames, 80): Hann window 1024, hop 256, HTK mel 0-12 kHz, 24 kHz."""
    audio = np.asarray(audio, dtype=np.float64).reshape(-1)
    if audio.size < N_FFT:
        audio = np.pad(audio, (0, N_FFT - audio.size))
    frames = 1 + (audio.size - N_FFT) // HOP
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(frames)[:, None]
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    power = np.abs(np.fft.rfft(audio[index] * window, axis=1)) ** 2
    return np.log10(np.maximum(power @ _mel_filters().T, MEL_FLOOR))


def log_mel_distance(reference: np.ndarray, candidate: np.ndarray) -> float:
    """Mean absolute difference of :func:`log_mel` (in log10 units, i.e. bels) over
    two equally long clips; a length mismatch is an error, not a distance."""
    if np.asarray(reference).size != np.asarray(candidate).size:
        raise ValueError(f"lengths differ: {np.asarray(reference).size} vs {np.asarray(candidate).size} samples")
    return float(np.mean(np.abs(log_mel(reference) - log_mel(candidate))))


def _mel_filters() -> np.ndarray:
    def hz_to_mel(hz):
        return 2595.0 * np.log10(1.0 + np.asarray(hz) / 700.0)

    def mel_to_hz(mel):
        return 700.0 * (10.0 ** (np.asarray(mel) / 2595.0) - 1.0)

    edges = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), MEL_BANDS + 2))
    bins = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    rising = (bins[None, :] - edges[:-2, None]) / (edges[1:-1, None] - edges[:-2, None])
    falling = (edges[2:, None] - bins[None, :]) / (edges[2:, None] - edges[1:-1, None])
    return np.maximum(0.0, np.minimum(rising, falling))
