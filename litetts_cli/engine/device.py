"""Which device synthesizes: ``--device auto|cpu|cuda`` (config ``device``, env
``LITETTS_DEVICE``).

``cpu`` is the ONNX Runtime engine in worker processes, exactly as without a GPU.
``cuda`` (or ``cuda:N``) is the torch engine (``litetts[gpu]``) on that GPU, with
chunks batched. ``auto``, the default, picks ``cuda`` when PyTorch is installed and
sees a GPU, and ``cpu`` otherwise; it never imports torch on a machine without an
NVIDIA driver, so choosing costs nothing there. With ``--cluster`` the cluster's GPUs
count, not this machine's (``speech.device_for``, ``cluster.connect.cluster_device``).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from litetts_cli.config import check_device
from litetts_cli.errors import EngineError, UsageError

TORCH_MODEL = "kokoro-v1.0-int8"
"""The model the torch engine reads its weights from (the bundled int8 export, whose
node names keep the module paths; converted variants do not)."""


@dataclass(frozen=True)
class DeviceChoice:
    device: str
    """"cpu" or "cuda[:N]"."""
    backend: str
    """The engine pool backend: "local" (ONNX Runtime processes), "torch" or "ray"."""
    note: str = ""
    """What to tell the user ("synthesizing on NVIDIA H200 (cuda:0) with PyTorch")."""

    @property
    def gpu(self) -> bool:
        return self.device.startswith("cuda")


def _nvidia_driver_present() -> bool:
    return Path("/proc/driver/nvidia/gpus").is_dir() or Path("/dev/nvidia0").exists()


def choose_device(value: str) -> DeviceChoice:
    """Resolve a device setting; ``cuda`` without torch or a GPU is an error with a hint."""
    value = check_device(value)
    if value == "cpu":
        return DeviceChoice("cpu", "local")
    has_torch = importlib.util.find_spec("torch") is not None
    if value == "auto" and not (has_torch and _nvidia_driver_present()):
        return DeviceChoice("cpu", "local")
    if not has_torch:
        raise EngineError("--device cuda needs PyTorch", hint="pip install 'litetts[gpu]', or use --device cpu")
    import torch

    if not torch.cuda.is_available():
        if value == "auto":
            return DeviceChoice("cpu", "local")
        raise EngineError("PyTorch sees no CUDA GPU", hint="use --device cpu, or install a CUDA build of torch")
    device = "cuda:0" if value in ("auto", "cuda") else value
    index = int(device.split(":")[1])
    if index >= torch.cuda.device_count():
        raise UsageError(f"there is no GPU {index}", hint=f"use cuda:0 to cuda:{torch.cuda.device_count() - 1}")
    name = torch.cuda.get_device_name(index)
    return DeviceChoice(device, "torch", f"synthesizing on {name} ({device}) with PyTorch")
