"""Helpers the command modules share: settings from the context, input text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from litetts_cli.config import Settings, resolve
from litetts_cli.errors import InputError
from litetts_cli.limits import DEFAULT_LIMITS, InputLimits

_PATH_LIKE_SUFFIXES = {".txt", ".md", ".markdown", ".epub", ".text", ".ssml", ".pdf", ".docx", ".html", ".htm"}


def settings_from(ctx: typer.Context, **cli: Any) -> Settings:
    """Resolve settings from global options (``ctx.obj``) and this command's options."""
    merged = dict((ctx.find_root().obj or {}))
    merged.update(cli)
    return resolve(merged)


def read_text_input(source: str, limits: InputLimits = DEFAULT_LIMITS) -> tuple[str, str]:
    """Text to speak from an argument: ``-`` is stdin, an existing file is read.

    Files and stdin are read within ``limits`` and must be text, not binary data.
    Returns the text and a label for it (file name, "stdin" or "text").
    """
    from litetts_cli.ingest.formats import DOCUMENT_EXTENSIONS, document_text
    from litetts_cli.ingest.loader import decode_text, read_file_bytes, read_stdin_text

    if source == "-":
        text, warning = read_stdin_text(sys.stdin.buffer, limits)
        _warn(warning)
        return text, "stdin"
    path = Path(source)
    kind = _path_kind(path) if source.strip() and len(source) < _MAX_PATH else None
    if kind == "dir":
        raise InputError(f"{source} is a folder, not a text file", hint="pass a .txt or .md file, or quote text to speak it")
    if kind == "file":
        if path.suffix.lower() in DOCUMENT_EXTENSIONS:  # the article or text of a page, not its markup
            from litetts_cli.ingest import IngestOptions, load_document

            return document_text(load_document(path, IngestOptions(limits=limits))), path.name
        text, warning = decode_text(read_file_bytes(path, limits), path.name)
        _warn(warning)
        return text, path.name
    if len(source) > limits.max_input_bytes:
        raise InputError(
            f"the text argument is longer than the {limits.max_input_bytes} byte input limit",
            hint="pass a file instead, or raise --max-input-size",
        )
    if " " not in source and "\n" not in source and path.suffix.lower() in _PATH_LIKE_SUFFIXES:
        raise InputError(f"no such file: {source}", hint="check the path, or quote text to speak it")
    return source, "text"


_MAX_PATH = 4096


def _path_kind(path: Path) -> str | None:
    """"file" for anything readable as a file (a FIFO, /dev/stdin too), "dir", or None."""
    try:
        if path.is_dir():
            return "dir"
        return "file" if path.exists() else None
    except (OSError, ValueError):
        return None  # a name too long or with a NUL byte cannot be a file


def _warn(warning: str | None) -> None:
    if warning:
        from litetts_cli.cli import console

        console.warn(warning)
