"""Run a command as if this CPU had only AVX2 (or AVX-512 without VNNI and AMX).

    python -m benchmarks.isa.run --isa avx2 -- litetts book passage.txt --no-cache -f wav

Builds ``mask.c`` with gcc (once, cached by its source's hash) and runs the command with it
preloaded; see README.md in this folder for what it changes and what it does not.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LEVELS = ("avx2", "avx512")
"""avx2: no AVX-512, VNNI or AMX (a Zen 2 EPYC, most laptops). avx512: AVX-512 F/CD/BW/DQ/VL
without VNNI, BF16, FP16 or AMX (a Skylake-X)."""
SOURCE = Path(__file__).with_name("mask.c")


class MaskUnavailable(Exception):
    """This machine cannot run the mask; the message says why and what to do."""


def check_machine(cpuinfo: str | None = None, machine: str | None = None) -> None:
    """Raise :class:`MaskUnavailable` unless this is x86-64 Linux with cpuid faulting."""
    machine = machine or platform.machine()
    if machine not in ("x86_64", "AMD64"):
        raise MaskUnavailable(f"the cpuid mask works on x86-64 only, this is {machine}")
    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(errors="replace")
        except OSError:
            raise MaskUnavailable("the cpuid mask needs Linux (/proc/cpuinfo is not readable)") from None
    flags = set()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            flags.update(value.split())
    if "cpuid_fault" not in flags:
        raise MaskUnavailable(
            "this CPU or kernel has no cpuid faulting (no cpuid_fault in /proc/cpuinfo flags; "
            "common inside VMs): run on bare metal or a VM that passes it through")


def build(cache: Path | None = None) -> Path:
    """The compiled mask library, built with gcc on first use."""
    source = SOURCE.read_bytes()
    cache = cache or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "litetts-isa"
    library = cache / f"mask-{hashlib.sha256(source).hexdigest()[:16]}.so"
    if library.exists():
        return library
    gcc = shutil.which("gcc")
    if gcc is None:
        raise MaskUnavailable("gcc is not installed; install it (e.g. apt-get install gcc) to build the cpuid mask")
    cache.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=".mask.", suffix=".so", dir=cache)
    os.close(fd)
    try:
        done = subprocess.run([gcc, "-O2", "-Wall", "-shared", "-fPIC", "-o", partial, str(SOURCE), "-ldl"],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise MaskUnavailable(f"gcc could not build {SOURCE.name}: {done.stderr.strip().splitlines()[-1:]}")
        os.replace(partial, library)
    finally:
        Path(partial).unlink(missing_ok=True)
    return library


def masked_env(level: str, library: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` (this process's by default) with the mask preloaded at ``level``."""
    if level not in LEVELS:
        raise MaskUnavailable(f"unknown ISA level {level!r}: use one of {', '.join(LEVELS)}")
    env = dict(os.environ if env is None else env)
    preload = env.get("LD_PRELOAD", "")
    env["LD_PRELOAD"] = f"{library}:{preload}" if preload else str(library)
    env["LITETTS_ISA_MASK"] = level
    return env


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.isa.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--isa", choices=LEVELS, required=True, help="what the command's CPU should look like")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the command and its arguments")
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    try:
        check_machine()
        env = masked_env(args.isa, build())
    except MaskUnavailable as exc:
        print(f"isa: {exc}", file=sys.stderr)
        return 2
    try:
        os.execvpe(command[0], command, env)
    except OSError as exc:
        print(f"isa: cannot run {command[0]}: {exc.strerror or exc}", file=sys.stderr)
        return 127


if __name__ == "__main__":
    sys.exit(main())
