"""Metadata that only says it is missing: Calibre's "Unknown" author, Sigil's "[Title here]".

A book converted without an author gets one anyway from its tools, and a listener would
see "Unknown" as the audiobook's artist (and a batch run would file it under an
"Unknown" folder). The values live in ``data/placeholder_metadata.toml``.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from litetts_cli.ingest.textutil import clean_text

_BRACKETS = "[]()<>{} \t"


@cache
def _values(field: str) -> frozenset[str]:
    data = tomllib.loads(
        resources.files("litetts_cli.ingest").joinpath("data", "placeholder_metadata.toml").read_text("utf-8")
    )
    return frozenset(_key(value) for values in data[field].values() for value in values)


def _key(value: str) -> str:
    return clean_text(value).strip(_BRACKETS).casefold()


def is_placeholder_author(name: str) -> bool:
    """True for an author field a tool filled in for want of one ("Unknown", "Inconnu(e)")."""
    return _key(name) in _values("author")


def is_placeholder_title(title: str) -> bool:
    """True for a title field a tool filled in for want of one ("Unknown", "[Title here]")."""
    return _key(title) in _values("title")


def real_author(author: str) -> str:
    """``author``, or "" when it is a placeholder."""
    return "" if is_placeholder_author(author) else author
