"""The ISA a process dispatches on (cpuid), and benchmarks/isa's mask that narrows it.

The mask tests compile and run the real mask. On a machine that cannot run it (no gcc, no
cpuid faulting, not x86-64 Linux) the tool's behaviour to check is its refusal: one line
saying why, exit 2, the command not run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from litetts_cli.host import CPU_FEATURES, x86_features

ROOT = Path(__file__).resolve().parents[2]


def _registers(*, leaf1_ecx=1 << 27, leaf7=(0, 0, 0, 0), leaf7_1=(0, 0, 0, 0), max_leaf=7):
    table = {(0, 0): (max_leaf, 0, 0, 0), (1, 0): (0, 0, leaf1_ecx, 0), (7, 0): leaf7, (7, 1): leaf7_1}
    return lambda leaf, sub=0: table.get((leaf, sub), (0, 0, 0, 0))


AVX2 = 1 << 5
AVX512F = 1 << 16
VNNI_ECX = 1 << 11
AMX_TILE_EDX = 1 << 24
AVX_VNNI_EAX = 1 << 4
ALL_STATE = 0xE7  # x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM


@pytest.mark.parametrize("registers, xcr0, present", [
    # Zen 2 EPYC: AVX2 only.
    (_registers(leaf7=(0, AVX2, 0, 0)), ALL_STATE, {"avx2"}),
    # Skylake-X: AVX-512 without VNNI.
    (_registers(leaf7=(0, AVX2 | AVX512F, 0, 0)), ALL_STATE, {"avx2", "avx512f"}),
    # Cascade Lake: AVX-512 VNNI.
    (_registers(leaf7=(0, AVX2 | AVX512F, VNNI_ECX, 0)), ALL_STATE, {"avx2", "avx512f", "avx512_vnni"}),
    # Sapphire Rapids: VNNI both widths and AMX tiles.
    (_registers(leaf7=(0, AVX2 | AVX512F, VNNI_ECX, AMX_TILE_EDX), leaf7_1=(AVX_VNNI_EAX, 0, 0, 0)), ALL_STATE,
     {"avx2", "avx512f", "avx512_vnni", "avx_vnni", "amx"}),
    # Alder Lake: AVX-VNNI on 256-bit registers, no AVX-512.
    (_registers(leaf7=(0, AVX2, 0, 0), leaf7_1=(AVX_VNNI_EAX, 0, 0, 0)), ALL_STATE, {"avx2", "avx_vnni"}),
    # AVX-512 in the CPU but the OS does not save ZMM state: the kernels cannot use it.
    (_registers(leaf7=(0, AVX2 | AVX512F, VNNI_ECX, 0)), 0x7, {"avx2"}),
    # No OSXSAVE: no AVX at all, whatever leaf 7 says.
    (_registers(leaf1_ecx=0, leaf7=(0, AVX2 | AVX512F, 0, 0)), ALL_STATE, set()),
    # A CPU too old for leaf 7.
    (_registers(max_leaf=6, leaf7=(0, AVX2, 0, 0)), ALL_STATE, set()),
])
def test_x86_features_from_cpuid_registers(registers, xcr0, present):
    features = x86_features(registers, lambda _: xcr0)
    assert set(features) == set(CPU_FEATURES)
    assert {name for name, on in features.items() if on} == present


PROBE = (
    "import json, subprocess, sys; from litetts_cli.host import cpu_features; "
    "import numpy._core._multiarray_umath as m; "
    "child = subprocess.run([sys.executable, '-c', 'from litetts_cli.store.machine import cpu_key; print(cpu_key())'], "
    "capture_output=True, text=True).stdout.strip(); "
    "print(json.dumps({'features': cpu_features(), 'numpy_avx512f': m.__cpu_features__['AVX512F'], "
    "'numpy_avx2': m.__cpu_features__['AVX2'], 'child': child}))"
)


def _masked(level: str, code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "benchmarks.isa.run", "--isa", level, "--", sys.executable, "-c", code],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def _unavailable() -> str | None:
    from benchmarks.isa.run import MaskUnavailable, build, check_machine

    try:
        check_machine()
        build()
    except MaskUnavailable as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("level, expected", [
    ("avx2", {"avx2"}),
    ("avx512", {"avx2", "avx512f"}),
])
def test_the_mask_narrows_what_cpuid_reports(level, expected):
    """cpuid-based readers (ours, numpy's) and an exec'd child see only ``level``."""
    import json

    from litetts_cli.host import cpu_features

    done = _masked(level, PROBE)
    why = _unavailable()
    if why is not None:
        assert done.returncode == 2 and done.stderr.strip() == f"isa: {why}", done.stderr
        assert done.stdout == ""
        return
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert {name for name, on in seen["features"].items() if on} == expected & {n for n, on in cpu_features().items() if on}
    assert seen["numpy_avx512f"] == ("avx512f" in expected and cpu_features()["avx512f"])
    assert seen["numpy_avx2"] is True
    assert seen["child"] == "x86_64:" + ",".join(sorted(n for n, on in seen["features"].items() if on))


def test_real_crashes_still_reach_the_programs_handler():
    """Python's faulthandler (installed after the mask) still reports a genuine segfault."""
    done = _masked("avx2", "import faulthandler, ctypes; faulthandler.enable(); ctypes.string_at(0)")
    why = _unavailable()
    if why is not None:
        assert done.returncode == 2 and why in done.stderr
        return
    assert done.returncode == -11
    assert "Fatal Python error: Segmentation fault" in done.stderr


@pytest.mark.parametrize("cpuinfo, machine, message", [
    ("flags\t: fpu avx2 avx512f\n", "x86_64", "no cpuid faulting"),
    ("flags\t: fpu avx2 cpuid_fault\n", "aarch64", "x86-64 only"),
])
def test_machines_that_cannot_mask_are_told_why(cpuinfo, machine, message):
    from benchmarks.isa.run import MaskUnavailable, check_machine

    with pytest.raises(MaskUnavailable, match=message):
        check_machine(cpuinfo, machine)


def test_an_unknown_level_is_refused():
    done = subprocess.run([sys.executable, "-m", "benchmarks.isa.run", "--isa", "sse2", "--", "true"],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2 and "invalid choice: 'sse2'" in done.stderr
