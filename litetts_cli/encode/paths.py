"""Output path checks: a file can be created there, and it is not one of the inputs."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from litetts_cli.errors import OutputError

__all__ = ["check_not_an_input", "check_writable"]


def check_writable(target: Path | str) -> None:
    """Raise :class:`OutputError` unless a file can be created at ``target``.

    ``"-"`` (standard output) always passes. The check creates and removes a small
    probe file in the target's folder, which catches permissions, read-only mounts and
    missing folders alike.
    """
    if str(target) == "-":
        return
    path = Path(target)
    if path.is_dir():
        raise OutputError(
            f"{path} is a folder, not a file name",
            hint=f"give a file name, e.g. {path / ('output' + (path.suffix or '.wav'))}",
        )
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"folder {folder} does not exist", hint=f"create it first: mkdir -p {folder}")
    if not folder.is_dir():
        raise OutputError(f"{folder} is not a folder", hint="choose an output path inside a folder")
    probe = folder / f".{path.name}.{uuid.uuid4().hex[:8]}.probe"
    try:
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(
            f"cannot write to folder {folder}: {exc.strerror or exc}",
            hint="choose another output path or fix the folder's permissions",
        ) from None


def check_not_an_input(target: Path | str, inputs: list[Path | str | None]) -> None:
    """Raise :class:`OutputError` when ``target`` is the same file as one of ``inputs``.

    ``synth in.txt -o in.txt`` would otherwise replace the text with its audio. The
    comparison is by device and inode, so links and ``./`` spellings are caught too.
    """
    if str(target) == "-":
        return
    for source in inputs:
        if source is None or str(source) == "-":
            continue
        try:
            same = os.path.samefile(target, source)
        except (OSError, ValueError):
            continue  # the output does not exist yet (or the input is not a file)
        if same:
            raise OutputError(
                f"the output {target} is the input {source}: writing it would destroy the input",
                hint="choose another output file name with -o",
            )
