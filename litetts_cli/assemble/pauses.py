"""How long to pause after a chunk, from how the chunk ends.

Listeners hear structure in pause lengths: a comma is short, a sentence end longer, a
paragraph longer still, and a heading or chapter title needs room to land (PEERS.md #8,
#13). One frozen profile holds those lengths so a user can tune them in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Literal, get_args

from litetts_cli.errors import UsageError

__all__ = ["BOUNDARIES", "Boundary", "PauseProfile"]

Boundary = Literal["clause", "sentence", "paragraph", "heading", "chapter"]
"""Where a chunk ends: inside a sentence, at a sentence, paragraph, heading or chapter end."""

BOUNDARIES: tuple[str, ...] = get_args(Boundary)

_CLOSERS = "\"'”’»)]}"
"""Closing quotes and brackets that may follow the punctuation that ends a clause."""
_LONG_CLAUSE_MARKS = ";:—–"
_SHORT_CLAUSE_MARKS = ",、，"


@dataclass(frozen=True)
class PauseProfile:
    """Seconds of silence after a chunk, by how it ends. Longer means a bigger break."""

    split: float = 0.05
    """A long clause cut at a word boundary, with no punctuation there."""
    comma: float = 0.15
    """A clause ending in a comma."""
    semicolon: float = 0.30
    """A clause ending in a semicolon, colon or dash."""
    sentence: float = 0.45
    """The end of a sentence (. ! ? or a line break)."""
    paragraph: float = 0.80
    """The end of a paragraph."""
    heading: float = 1.20
    """After a heading or a chapter title."""
    chapter: float = 2.00
    """After the last sentence of a chapter, before the next chapter's title."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
                raise UsageError(
                    f"pause for {item.name} must be a number of seconds >= 0, got {value!r}",
                    hint=f"set the {item.name} pause to e.g. {getattr(PauseProfile, item.name)}",
                )

    def pause_after(self, boundary: Boundary, text: str = "") -> float:
        """Seconds of silence after a chunk that ends at ``boundary``.

        Args:
            boundary: how the chunk ends.
            text: the chunk's text; for a ``"clause"`` boundary its last punctuation
                picks between :attr:`split`, :attr:`comma` and :attr:`semicolon`.
        """
        if boundary == "clause":
            ending = text.rstrip().rstrip(_CLOSERS).rstrip()[-1:]
            if ending and ending in _LONG_CLAUSE_MARKS:
                return self.semicolon
            if ending and ending in _SHORT_CLAUSE_MARKS:
                return self.comma
            return self.split
        if boundary == "sentence":
            return self.sentence
        if boundary == "paragraph":
            return self.paragraph
        if boundary == "heading":
            return self.heading
        if boundary == "chapter":
            return self.chapter
        raise ValueError(f"unknown boundary {boundary!r}; expected one of {BOUNDARIES}")

    def scaled(self, factor: float) -> PauseProfile:
        """All pauses multiplied by ``factor`` (e.g. ``1 / speed`` for faster speech)."""
        if not math.isfinite(factor) or factor < 0:
            raise UsageError(f"pause scale must be >= 0, got {factor!r}")
        return replace(self, **{f.name: getattr(self, f.name) * factor for f in fields(self)})
