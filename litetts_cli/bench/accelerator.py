"""What a benchmark case ran on when it ran the torch engine: the GPU, its memory, the
batch, the software (``litetts benchmark --device cuda``)."""

from __future__ import annotations

import shutil
import subprocess

from litetts_cli.bench.memory import MB


def accelerator_facts(device: str, backend) -> dict:
    """``device`` ("cuda:N", or "cpu" for the torch engine without a GPU) and the torch
    backend that ran the case: batch limits, fusion, versions, and on a GPU its name,
    driver and the peak memory allocated since the process started."""
    import torch

    from litetts_cli.engine.torch_engine import gpu_fusion

    facts = {
        "device": device,
        "name": None,
        "driver": None,
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "batch": backend.max_batch,
        "max_batch_tokens": backend.max_tokens,
        "in_flight": backend.window,
        "fusion": None,
        "memory_total_mb": None,
        "peak_memory_allocated_mb": None,
        "peak_memory_reserved_mb": None,
    }
    if device.startswith("cuda"):
        index = torch.device(device).index or 0
        properties = torch.cuda.get_device_properties(index)
        facts.update(
            name=properties.name, driver=nvidia_driver(), fusion=gpu_fusion(),
            memory_total_mb=round(properties.total_memory / MB),
            peak_memory_allocated_mb=round(torch.cuda.max_memory_allocated(index) / MB),
            peak_memory_reserved_mb=round(torch.cuda.max_memory_reserved(index) / MB),
        )
    return facts


def nvidia_driver() -> str | None:
    """The NVIDIA driver's version from ``nvidia-smi``, or None without it."""
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return None
    try:
        result = subprocess.run([tool, "--query-gpu=driver_version", "--format=csv,noheader"],
                                capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = result.stdout.split()
    return lines[0] if result.returncode == 0 and lines else None
