"""The duration predictor's output, exposed by the converted model for exact word timing.

Kokoro predicts how many frames each input token lasts, ``round(sum(sigmoid(x)) /
speed)`` clipped to at least 1, and expands the encoder's output by it before the
decoder renders audio. The export hides that tensor (its only output is ``audio``);
:func:`expose_durations` adds it as a second graph output, ``durations`` (int64, one
value per token, the two padding tokens included). Nothing is computed differently:
the audio is bit for bit what the graph gave before.

Each frame is :data:`SAMPLES_PER_FRAME` samples of audio, so the durations add up to
the audio's length exactly (checked in tests/engine/test_durations.py).
"""

from __future__ import annotations

import numpy as np

OUTPUT = "durations"
"""Name of the added graph output."""
SAMPLES_PER_FRAME = 600
"""Audio samples per predicted frame at 24 kHz (the decoder upsamples 2x, then the
generator's iSTFT hops 300 samples)."""
RECIPE = 2
"""Version of what a conversion writes; a store entry made by an older recipe (1: no
``durations`` output) is converted again on first use (``engine.variants``)."""


def expose_durations(graph_proto) -> bool:
    """Add the predictor's rounded, clipped integer durations as output :data:`OUTPUT`.

    Finds ``Div(x, speed) -> Round -> Clip -> Cast`` and names the Cast's result a
    graph output. Returns False (graph untouched) when no such chain exists.
    """
    from onnx import TensorProto, helper

    if any(o.name == OUTPUT for o in graph_proto.output):
        return True
    producer = {out: n for n in graph_proto.node for out in n.output}
    consumers: dict[str, list] = {}
    for node in graph_proto.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    def only(name: str, op_type: str):
        users = consumers.get(name, [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    for node in graph_proto.node:
        if node.op_type != "Round":
            continue
        divide = producer.get(node.input[0])
        if divide is None or divide.op_type != "Div" or "speed" not in divide.input:
            continue
        clip = only(node.output[0], "Clip")
        cast = clip is not None and only(clip.output[0], "Cast")
        if not cast:
            continue
        graph_proto.node.append(helper.make_node("Identity", [cast.output[0]], [OUTPUT], name="litetts_durations"))
        graph_proto.output.append(helper.make_tensor_value_info(OUTPUT, TensorProto.INT64, None))
        return True
    return False


def token_samples(frames: np.ndarray, token_count: int) -> np.ndarray | None:
    """Samples per token (padding tokens included: ``token_count + 2`` values) from the
    model's frame durations; None when their count does not match the tokens."""
    frames = np.asarray(frames).reshape(-1)
    if frames.size != token_count + 2:
        return None
    return frames.astype(np.int64) * SAMPLES_PER_FRAME
