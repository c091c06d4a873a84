"""Facts recorded with every result, so numbers from two machines are never confused."""

from __future__ import annotations

import datetime as dt
import os
import platform

import psutil

from litetts_cli import __version__
from litetts_cli.host import MB, cpu_architecture, cpu_features, cpu_model, memory_total_bytes
from litetts_cli.engine.engine import available_cores


def physical_cores() -> int | None:
    return psutil.cpu_count(logical=False)


def machine_facts(model_sha256: dict[str, str | None]) -> dict:
    """CPU, cores, memory, library versions, model checksums and the date, as JSON values."""
    import numpy
    import onnxruntime

    return {
        "cpu_model": cpu_model(),
        "logical_cores": os.cpu_count(),
        "physical_cores": physical_cores(),
        "usable_cores": available_cores(),
        "memory_mb": memory_total_bytes() // MB,
        "architecture": cpu_architecture(),
        "cpu_features": cpu_features(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "onnxruntime": onnxruntime.__version__,
        "numpy": numpy.__version__,
        "litetts": __version__,
        "model_sha256": dict(model_sha256),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
