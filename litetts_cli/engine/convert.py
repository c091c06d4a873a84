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

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import numpy as np

from litetts_cli.engine import durations
from litetts_cli.engine.onnx_rewrite import rewrite_int8_gemm
from litetts_cli.engine.onnx_rows import rewrite_int8_rows
from litetts_cli.errors import EngineError, UsageError
from litetts_cli.spectral import log_mel_distance

if TYPE_CHECKING:
    from litetts_cli.engine.engine import Engine

METHODS = ("int8-gemm", "int8-rows")
"""Conversion methods :func:`convert_model` knows; the first is the default. ``int8-rows``
is the same arithmetic with the GEMM's operands swapped (:mod:`onnx_rows`): exact and
faster on AVX2 without VNNI, slower with VNNI/AMX."""
RECIPES = {"int8-gemm": durations.RECIPE, "int8-rows": durations.RECIPE + 1}
"""Version of what each method writes (a store entry made by an older one is converted
again on first use, ``engine.variants``): int8-rows 3 builds its im2col with one Gather
(docs/throughput.md)."""
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
    durations: bool
    """The duration predictor's output was added (``durations``, for word timing)."""
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
    rewrite = {"int8-gemm": rewrite_int8_gemm, "int8-rows": rewrite_int8_rows}[method]
    convolutions, norms = rewrite(model, GENERATOR_SCOPE)
    if not convolutions:
        raise EngineError(
            f"{source.name} has no int8 generator convolutions to convert",
            hint="convert the int8 model (kokoro-v1.0-int8), not a float export or a converted one",
        )
    timed = durations.expose_durations(model.graph)
    model.producer_name = "litetts convert"
    model.producer_version = method
    onnx.save(model, str(dest))
    return ConvertReport(
        source=source,
        dest=dest,
        method=method,
        convolutions=convolutions,
        norms=norms,
        durations=timed,
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
