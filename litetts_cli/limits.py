"""Limits that keep every input bounded in memory and time, and reading within them.

A hostile or careless input (``/dev/zero``, a zip bomb, one 10 MB "word", a regex that
backtracks forever) must be refused with a clear error in seconds, not eat the
machine. Each limit has a default generous for real books and a setting to raise it:
command-line option, environment variable or config-file key (see :mod:`config`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import BinaryIO

from litetts_cli.errors import InputError, UsageError

MIB = 1 << 20

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}


def parse_size(text: str) -> int:
    """``"500M"``, ``"2G"``, ``"1.5GB"``, ``"800KiB"``, ``"1024"`` -> bytes (1024-based units)."""
    match = _SIZE.match(str(text))
    if not match or (match.group(3) and match.group(3).lower() == "ib" and not match.group(2)):
        raise UsageError(f"{text!r} is not a size", hint="write it like 500M, 2G or 1.5GB")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def format_size(size: int) -> str:
    """Bytes for people: ``1536`` -> ``"1.5 KiB"``."""
    if size < 1024:
        return f"{size} B"
    value, unit = float(size), "B"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        value /= 1024
        if value < 1024:
            break
    return f"{value:.1f} {unit}"


@dataclass(frozen=True)
class InputLimits:
    """How much of an input litetts will read, unpack and work on."""

    max_input_bytes: int = 64 * MIB
    """Bytes read from a text or Markdown file, from stdin, or an EPUB file's own size.
    A long novel is 1-2 MB of text; 64 MiB is hundreds of hours of audio."""
    max_member_bytes: int = 64 * MIB
    """Uncompressed size of any one file inside an EPUB (a chapter, an image)."""
    max_unpacked_bytes: int = 256 * MIB
    """Uncompressed size of all files inside an EPUB together."""
    max_ratio: int = 100
    """Largest compression ratio of a file inside an EPUB that unpacks past 16 MiB.
    Prose packs about 3-10:1; a zip bomb about 1000:1."""
    max_token_chars: int = 200
    """Longest run of characters without a space that is normalized as one word; a
    longer one is cut into pieces of this size, so its cost stays linear."""
    rule_timeout_s: float = 2.0
    """Seconds one lexicon regex rule may run on one text before it is refused."""

    def __post_init__(self) -> None:
        for name in ("max_input_bytes", "max_member_bytes", "max_unpacked_bytes", "max_ratio", "max_token_chars"):
            if getattr(self, name) < 1:
                raise UsageError(f"{name.replace('_', '-')} must be 1 or more")
        if self.max_token_chars < 16:
            raise UsageError("max-token-chars must be 16 or more", hint="the default is 200")
        if not math.isfinite(self.rule_timeout_s) or self.rule_timeout_s <= 0:
            raise UsageError("rule-timeout must be a positive number of seconds", hint="the default is 2")


DEFAULT_LIMITS = InputLimits()

SETTINGS_FILE_LIMIT = 16 * MIB
"""Largest lexicon or config file read: a real one is kilobytes; ``--lexicon /dev/zero``
would otherwise be read until the machine runs out of memory."""

INPUT_SIZE_HINT = "raise the limit with --max-input-size (or LITETTS_MAX_INPUT_SIZE), or split the input"


def read_bounded(handle: BinaryIO, limit: int, what: str, hint: str = INPUT_SIZE_HINT) -> bytes:
    """Everything ``handle`` holds, refused once it passes ``limit`` bytes.

    Reads at most ``limit + 1`` bytes, so an endless source (``/dev/zero``, a pipe
    that never closes its end with data flowing) costs no more than the limit.

    Raises:
        InputError: the input is larger than ``limit``.
    """
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{what} is larger than the {format_size(limit)} input limit", hint=hint)
    return data


def read_settings_file(path) -> bytes:
    """A lexicon or config file's bytes, at most :data:`SETTINGS_FILE_LIMIT`."""
    with open(path, "rb") as handle:
        return read_bounded(handle, SETTINGS_FILE_LIMIT, str(path), hint="a lexicon or config file is kilobytes; check the path")


__all__ = ["DEFAULT_LIMITS", "read_settings_file", "InputLimits", "format_size", "parse_size", "read_bounded"]
