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
    err.print(f"warning: {message}", markup=False, style="yellow")


def error_line(message: str) -> None:
    err.print(f"litetts: error: {message}", markup=False, style="bold red", soft_wrap=True)
