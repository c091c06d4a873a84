"""This machine: its CPU's instruction-set features, and processes' memory and CPU time
(through psutil, in one place).

Used by the engine workers (their memory and CPU in pool statistics) and the benchmark
(RSS sampling, how busy the machine was, which ISA the numbers were measured on).
"""

from __future__ import annotations

import ctypes
import functools
import mmap
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
    """Which of :data:`CPU_FEATURES` this CPU has, for reports and per-machine choices.

    On x86-64 this asks the ``cpuid`` instruction, as ONNX Runtime does when it picks its
    kernels, so it reports what the kernels will use (a process run under
    ``benchmarks/isa``'s mask sees AVX2 only, while ``/proc/cpuinfo`` still lists AVX-512);
    elsewhere, or where the instruction cannot be run, the OS's flags. ``flags`` names the
    OS flags to read instead (tests, reports of another machine).
    """
    if flags is None:
        from_cpuid = _cpuid_features()
        if from_cpuid is not None:
            return dict(from_cpuid)
        flags = cpu_flags()
    return {name: any(f in flags for f in names) for name, names in CPU_FEATURES.items()}


# x86-64 System V machine code, run through ctypes (the layout py-cpuinfo also uses):
# cpuid(leaf=edi, subleaf=esi, out=rdx) stores eax, ebx, ecx, edx at out; xgetbv(ecx=edi).
_CPUID_CODE = bytes.fromhex(
    "53" "4989d0" "89f8" "89f1" "0fa2"  # push rbx; mov r8, rdx; mov eax, edi; mov ecx, esi; cpuid
    "418900" "41895804" "41894808" "4189500c"  # mov [r8], eax / ebx / ecx / edx
    "5bc3"  # pop rbx; ret
)
_XGETBV_CODE = bytes.fromhex("89f9" "0f01d0" "48c1e220" "4809d0" "c3")  # mov ecx, edi; xgetbv; rdx:rax -> rax; ret


@functools.lru_cache(maxsize=1)
def _cpuid_features() -> tuple[tuple[str, bool], ...] | None:
    """:data:`CPU_FEATURES` from ``cpuid`` and the OS-enabled register state (``xgetbv``),
    or None where that cannot run (not x86-64, Windows, no executable memory)."""
    if platform.machine().lower() not in ("x86_64", "amd64") or sys.platform == "win32":
        return None
    try:
        page = mmap.mmap(-1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    except (OSError, ValueError, AttributeError):  # W^X systems refuse writable executable pages
        return None
    try:
        page.write(_CPUID_CODE + _XGETBV_CODE)
        base = ctypes.addressof(ctypes.c_char.from_buffer(page))
        registers = ctypes.c_uint32 * 4
        cpuid_fn = ctypes.CFUNCTYPE(None, ctypes.c_uint32, ctypes.c_uint32, ctypes.POINTER(registers))(base)
        xgetbv_fn = ctypes.CFUNCTYPE(ctypes.c_uint64, ctypes.c_uint32)(base + len(_CPUID_CODE))

        def cpuid(leaf: int, sub: int = 0) -> tuple[int, int, int, int]:
            out = registers()
            cpuid_fn(leaf, sub, out)
            return tuple(out)

        features = x86_features(cpuid, xgetbv_fn)
        del cpuid_fn, xgetbv_fn, base
        return tuple(features.items())
    finally:
        try:
            page.close()
        except BufferError:  # a ctypes view still holds it: leave it to the collector
            pass


def x86_features(cpuid, xgetbv) -> dict[str, bool]:
    """:data:`CPU_FEATURES` from ``cpuid(leaf, subleaf) -> (eax, ebx, ecx, edx)`` and
    ``xgetbv(0)`` (Intel SDM vol. 2, CPUID leaf 7): an extension counts only when the OS
    saves the registers it needs."""
    def bit(value: int, n: int) -> bool:
        return bool(value >> n & 1)

    max_leaf = cpuid(0)[0]
    ecx1 = cpuid(1)[2]
    xcr0 = xgetbv(0) if bit(ecx1, 27) else 0  # OSXSAVE: the OS reports its saved state
    ymm = xcr0 & 0x6 == 0x6
    zmm = ymm and xcr0 & 0xE0 == 0xE0
    _, ebx7, ecx7, edx7 = cpuid(7, 0) if max_leaf >= 7 else (0, 0, 0, 0)
    eax7_1 = cpuid(7, 1)[0] if max_leaf >= 7 else 0
    avx512f = zmm and bit(ebx7, 16)
    features = dict.fromkeys(CPU_FEATURES, False)
    features.update(
        avx2=ymm and bit(ebx7, 5),
        avx512f=avx512f,
        avx512_vnni=avx512f and bit(ecx7, 11),
        avx_vnni=ymm and bit(eax7_1, 4),
        amx=bit(edx7, 22) or bit(edx7, 24) or bit(edx7, 25),
    )
    return features


def cpu_architecture() -> str:
    return platform.machine() or "unknown"


def memory_total_bytes() -> int:
    return int(psutil.virtual_memory().total)
