"""Terminal output shared by the commands: stderr for messages, stdout for results."""

from __future__ import annotations

import json
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


def one_line(message: str) -> str:
    """``message`` with control characters (a newline in a file name) escaped, so it
    stays on one line."""
    return "".join(c if c.isprintable() or c == " " else ascii(c)[1:-1] for c in message)


def error_line(message: str) -> None:
    err.print(f"litetts: error: {one_line(message)}", markup=False, style="bold red", soft_wrap=True)
