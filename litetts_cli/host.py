"""This machine: its CPU's instruction-set features, and processes' memory and CPU time
(through psutil, in one place).

Used by the engine workers (their memory and CPU in pool statistics) and the benchmark
(RSS sampling, how busy the machine was, which ISA the numbers were measured on).
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

import psutil

MB = 1024 * 1024


def rss_bytes(pid: int | None = None) -> int | None:
    """Current resident set size of ``pid`` (this process by default), None when it is gone."""
    try:
        return psutil.Process(pid if pid is not None else os.getpid()).memory_info().rss
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None


def peak_rss_bytes() -> int:
    """This process's peak resident set size so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak = peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB elsewhere
    # The kernel folds the current size into the high-water mark lazily; count it here.
    return max(peak, rss_bytes() or 0)


def cpu_seconds() -> float:
    """CPU time (user + system) this process has used so far."""
    times = os.times()
    return times.user + times.system


def machine_busy_seconds() -> float | None:
    """CPU time every process on the machine has used (not idle, not waiting on I/O)."""
    times = psutil.cpu_times()
    busy = [getattr(times, name, 0.0) for name in ("user", "nice", "system", "irq", "softirq", "steal")]
    return float(sum(busy))


CPU_FEATURES = {
    # report name: flags that show it (Linux /proc/cpuinfo names)
    "avx2": ("avx2",),
    "avx512f": ("avx512f",),
    "avx512_vnni": ("avx512_vnni",),
    "avx_vnni": ("avx_vnni",),
    "amx": ("amx_tile", "amx_int8", "amx_bf16"),
    "neon": ("asimd", "neon"),
    "asimddp": ("asimddp",),
}
"""The instruction sets that decide ONNX Runtime's int8 and float kernels: AVX2 (u8s8 GEMM
through vpmaddubsw), AVX-512 and VNNI (one-instruction int8 dot products), AMX (tiles),
and on ARM NEON with the dot-product extension."""

_MAC_FEATURES = {"neon": "hw.optional.neon", "asimddp": "hw.optional.arm.FEAT_DotProd"}


def _cpuinfo() -> str | None:
    """Linux's CPU description, or None on other systems."""
    try:
        return Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return None


def cpu_model() -> str:
    """The CPU's marketing name (``/proc/cpuinfo`` on Linux, ``platform`` elsewhere)."""
    for line in (_cpuinfo() or "").splitlines():
        if line.lower().startswith(("model name", "hardware", "cpu model")):
            return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine() or "unknown"


def cpu_flags() -> set[str]:
    """The CPU's feature flags as the OS names them (empty when it cannot tell)."""
    text = _cpuinfo()
    if text is None:
        return _mac_flags()
    flags: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() in ("flags", "features"):
            flags.update(value.split())
    return flags


def _mac_flags() -> set[str]:
    if sys.platform != "darwin":
        return set()
    flags = set()
    for name, key in _MAC_FEATURES.items():
        try:
            out = subprocess.run(["sysctl", "-n", key], capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if out.strip() == "1":
            flags.add(name)
    return flags


def cpu_features(flags: set[str] | None = None) -> dict[str, bool]:
    """Which of :data:`CPU_FEATURES` this CPU has, for reports and per-machine choices."""
    flags = cpu_flags() if flags is None else flags
    return {name: any(f in flags for f in names) for name, names in CPU_FEATURES.items()}


def cpu_architecture() -> str:
    return platform.machine() or "unknown"


def memory_total_bytes() -> int:
    return int(psutil.virtual_memory().total)
