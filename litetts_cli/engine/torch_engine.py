"""The torch engine: Kokoro on PyTorch (CPU or CUDA), synthesizing batches of chunks.

Same call as the ONNX :class:`~litetts_cli.engine.engine.Engine` (token ids, style row,
speed -> audio), plus :meth:`TorchEngine.synthesize_batch`, which runs chunks of similar
length together (padding masked, see ``torch_model``) and also returns each chunk's
per-token durations. Weights come from the bundled int8 ONNX file, dequantized.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from litetts_cli.errors import EngineError
from litetts_cli.g2p.tokens import MAX_TOKENS

OUTPUT_GAIN = 1.5
"""The ONNX export's iSTFT overlap-adds without dividing by the Hann window's summed
square (1.5 at hop n_fft/4), so its audio is 1.5x torch.istft's; matched here so both
engines give the same levels."""


@dataclass(frozen=True)
class BatchItem:
    token_ids: Sequence[int]
    style: np.ndarray
    speed: float = 1.0


@dataclass(frozen=True)
class Synthesized:
    audio: np.ndarray
    """float32, 24 kHz, mono."""
    durations: np.ndarray
    """Frames (600 samples, 25 ms) per token, the two boundary pads included."""


def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ModuleNotFoundError:
        return False
    return True


def cuda_available() -> bool:
    if not torch_available():
        return False
    import torch

    return torch.cuda.is_available()


COMPILE_CACHE_ENV = "TORCHINDUCTOR_CACHE_DIR"


def compile_cache_dir(model_path: Path) -> Path:
    """Where the fused kernels compiled for ``model_path`` are kept: ``optimized/`` beside
    the model, so they outlive /tmp (torch's default) and only a machine's first run
    compiles them (the cache's own keys hold torch's version and the GPU)."""
    return Path(model_path).parent / "optimized" / "torch-compile"


TRITON_CACHE_ENV = "TRITON_CACHE_DIR"
FUSION_ENV = "LITETTS_GPU_FUSION"
"""``triton`` (default) or ``compile``: how the GPU fuses AdaIN + Snake (``torch_blocks.FUSIONS``)."""


def gpu_fusion() -> str:
    from litetts_cli.engine.torch_blocks import FUSIONS

    fusion = os.environ.get(FUSION_ENV) or FUSIONS[0]
    if fusion not in FUSIONS:
        raise EngineError(f"unknown {FUSION_ENV}={fusion!r}", hint=f"use one of: {', '.join(FUSIONS)}")
    return fusion


def use_compile_cache(model_path: Path) -> Path | None:
    """Point the kernel caches (Triton's, and Inductor's for ``torch.compile``) at
    :func:`compile_cache_dir`, unless the user set ``TRITON_CACHE_DIR`` or
    ``TORCHINDUCTOR_CACHE_DIR``; a store that cannot be written keeps torch's default
    (in /tmp). Returns the folder used, or None."""
    folder = compile_cache_dir(model_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK | os.X_OK):
        return None
    os.environ.setdefault(COMPILE_CACHE_ENV, str(folder))
    os.environ.setdefault(TRITON_CACHE_ENV, str(folder / "triton"))
    return folder


class TorchEngine:
    """Kokoro v1.0 as a torch module on ``device`` ("cpu", "cuda", "cuda:1")."""

    def __init__(self, model_path: Path, device: str = "cpu", state: dict | None = None):
        if not torch_available():
            raise EngineError("the torch engine needs PyTorch", hint="pip install 'litetts[gpu]' or use --device cpu")
        import torch

        from litetts_cli.engine.torch_model import load_model
        from litetts_cli.engine.torch_weights import load_weights

        if device.startswith("cuda") and not torch.cuda.is_available():
            raise EngineError("no CUDA GPU is visible to PyTorch", hint="use --device cpu, or install a CUDA build of torch")
        self.model_path = Path(model_path)
        self.device = device
        self.load_parts: dict[str, float] = {}
        """Seconds spent on each step of loading."""
        started = time.perf_counter()
        if device.startswith("cuda"):
            from litetts_cli.engine.torch_blocks import fuse_on_gpu

            use_compile_cache(self.model_path)
            fuse_on_gpu(True, gpu_fusion())
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True
            torch.backends.cudnn.benchmark = False  # shapes change every batch
            self.load_parts["fusion set up"] = time.perf_counter() - started
        step = time.perf_counter()
        state = state if state is not None else load_weights(self.model_path)
        self.load_parts["weights read"] = time.perf_counter() - step
        step = time.perf_counter()
        self.model = load_model(state, device)
        self.load_parts["model built"] = time.perf_counter() - step

    @property
    def providers(self) -> list[str]:
        return [f"torch:{self.device}"]

    def synthesize(self, token_ids: Sequence[int], style: np.ndarray, speed: float = 1.0) -> np.ndarray:
        """Audio for at most 510 token ids, as ``Engine.synthesize``."""
        if not token_ids:
            return np.zeros(0, dtype=np.float32)
        return self.synthesize_batch([BatchItem(token_ids, style, speed)])[0].audio

    def synthesize_batch(self, items: Sequence[BatchItem]) -> list[Synthesized]:
        """Audio and per-token durations for each item, in order, in one model call."""
        import torch

        for item in items:
            if not item.token_ids or len(item.token_ids) > MAX_TOKENS:
                raise EngineError(f"a chunk has {len(item.token_ids)} tokens; the model takes 1 to {MAX_TOKENS}")
        width = max(len(item.token_ids) for item in items) + 2
        tokens = np.zeros((len(items), width), dtype=np.int64)
        for row, item in enumerate(items):
            tokens[row, 1 : len(item.token_ids) + 1] = item.token_ids
        lengths = [len(item.token_ids) + 2 for item in items]
        styles = np.stack([np.asarray(item.style, dtype=np.float32).reshape(-1) for item in items])
        speeds = [float(item.speed) for item in items]
        device = self.device
        out = self.model(
            torch.from_numpy(tokens).to(device),
            torch.tensor(lengths, device=device),
            torch.from_numpy(styles).to(device),
            torch.tensor(speeds, device=device),
        )
        audio = (out.audio * OUTPUT_GAIN).float().cpu().numpy()
        samples = out.audio_lengths.cpu().numpy()
        durations = out.durations.cpu().numpy()
        return [
            Synthesized(audio[row, : samples[row]].copy(), durations[row, : lengths[row]].copy())
            for row in range(len(items))
        ]


def length_batches(token_counts: Sequence[int], max_batch: int, max_tokens: int | None = None) -> Iterable[list[int]]:
    """Indices grouped into batches of similar length (sorted by token count), at most
    ``max_batch`` per batch and, if given, at most ``max_tokens`` padded tokens."""
    order = sorted(range(len(token_counts)), key=lambda i: token_counts[i])
    batch: list[int] = []
    for index in order:
        widest = max([token_counts[i] for i in batch] + [token_counts[index]])
        if batch and (len(batch) >= max_batch or (max_tokens and widest * (len(batch) + 1) > max_tokens)):
            yield batch
            batch = []
        batch.append(index)
    if batch:
        yield batch
