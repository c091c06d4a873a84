"""Terminal output shared by the commands: stderr for messages, stdout for results."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console

# Messages and progress go to stderr so stdout stays clean for audio and --json.
err = Console(stderr=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def note(message: str) -> None:
    err.print(message, markup=False)


def warn(message: str) -> None:
    err.print(f"warning: {one_line(message)}", markup=False, style="yellow")


_LONG_RUN = re.compile(r"\S{121,}")


def one_line(message: str) -> str:
    """``message`` with control characters (a newline in a file name) escaped, so it
    stays on one line, and any run of more than 120 characters without a space (a
    10,000-character file name) shortened to its ends."""
    text = "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in message)
    return _LONG_RUN.sub(lambda m: f"{m[0][:60]}…({len(m[0])} characters)…{m[0][-40:]}", text)


errors_shown = 0
"""Error lines printed so far, so the entry point does not repeat one."""


def error_line(message: str) -> None:
    global errors_shown
    errors_shown += 1
    err.print(f"litetts: error: {one_line(message)}", markup=False, style="bold red", soft_wrap=True)
