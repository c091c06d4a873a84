"""Helpers the command modules share: settings from the context, input text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from litetts_cli.config import Settings, resolve
from litetts_cli.errors import InputError
from litetts_cli.ingest.formats import DOCUMENT_EXTENSIONS, document_text

_PATH_LIKE_SUFFIXES = {".txt", ".md", ".markdown", ".epub", ".text", ".ssml", ".pdf", ".docx", ".html", ".htm"}


def settings_from(ctx: typer.Context, **cli: Any) -> Settings:
    """Resolve settings from global options (``ctx.obj``) and this command's options."""
    merged = dict((ctx.find_root().obj or {}))
    merged.update(cli)
    return resolve(merged)


def read_text_input(source: str) -> tuple[str, str]:
    """Text to speak from an argument: ``-`` is stdin, an existing file is read.

    Returns the text and a label for it (file name, "stdin" or "text").
    """
    if source == "-":
        data = sys.stdin.buffer.read()
        return data.decode("utf-8", errors="replace"), "stdin"
    path = Path(source)
    if "\n" not in source and len(source) < 4096 and path.is_file():
        if path.suffix.lower() in DOCUMENT_EXTENSIONS:  # the article or text of a page, not its markup
            from litetts_cli.ingest import load_document

            return document_text(load_document(path)), path.name
        try:
            return path.read_bytes().decode("utf-8", errors="replace"), path.name
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror}") from None
    if " " not in source and path.suffix.lower() in _PATH_LIKE_SUFFIXES:
        raise InputError(f"no such file: {source}", hint="check the path, or quote text to speak it")
    return source, "text"
