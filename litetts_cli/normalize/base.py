"""Shared pieces: data loading, guarded regex substitution, letter spelling, markup."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

from litetts_cli.g2p.markup import MARKUP

A_LETTER = "[A](/ˈeɪ/)"
"""espeak-ng reads a lone capital "A" before another word as the article "uh"; the
letter name has to be given as phonemes."""
AIRLINE_CODE = "[A-Z]{2}|[A-Z][0-9]|[0-9][A-Z]"
"""An airline's two-character code before a flight number: "BA 123", "U2 4021", "9W 7"."""


_PLACEHOLDER_BASE = 0xF0000  # Supplementary Private Use Area-A: 65,534 slots
_PLACEHOLDER_LIMIT = 0xFFFFD
PLACEHOLDER = re.compile("[\U000f0000-\U000ffffd]")


@cache
def load_json(name: str) -> Any:
    """A data file from ``litetts_cli/normalize/data``, parsed once per process."""
    text = resources.files("litetts_cli.normalize").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


def alternation(words: list[str] | set[str]) -> str:
    """A regex alternation of literal words, longest first so prefixes do not win."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


class Held:
    """Spans that later categories must not touch, swapped out for private-use characters.

    Inline markup (given by the user, from SSML, or emitted by a category) is held as one
    opaque character, so a regex for URLs or brackets never sees the slashes inside it.
    """

    def __init__(self) -> None:
        self._spans: list[str] = []

    def hold(self, span: str) -> str:
        index = len(self._spans)
        if _PLACEHOLDER_BASE + index > _PLACEHOLDER_LIMIT:
            return span  # out of slots: leave it inline rather than fail
        self._spans.append(span)
        return chr(_PLACEHOLDER_BASE + index)

    def hold_markup(self, text: str) -> str:
        if "[" not in text:
            return text
        return MARKUP.sub(lambda m: self.hold(m.group(0)), text)

    def restore(self, text: str) -> str:
        if not self._spans:
            return text

        def put_back(match: re.Match[str]) -> str:
            index = ord(match.group(0)) - _PLACEHOLDER_BASE
            return self._spans[index] if index < len(self._spans) else ""

        return PLACEHOLDER.sub(put_back, text)


Replacer = Callable[[re.Match[str]], str]


def guarded(replace: Replacer, strict: bool) -> Replacer:
    """Wrap a ``re.sub`` callback so one odd token is left as written instead of raising.

    Normalizing a book must not die on one token we did not foresee; tests pass
    ``strict=True`` so that the same token fails loudly there.
    """
    if strict:
        return replace

    def safe(match: re.Match[str]) -> str:
        try:
            return replace(match)
        except Exception:
            return match.group(0)

    return safe


def spell_letters(letters: str, *, plural: str = "") -> str:
    """``"FBI"`` -> ``"F B I"``; digits inside stay digits for the number pass.

    ``plural`` is ``"s"`` or ``"'s"`` to attach to the last letter ("C D's"), because
    espeak-ng drops a bare trailing "s" after spelled capitals.
    """
    out = []
    chars = [c for c in letters.upper() if c.isalnum()]
    for i, char in enumerate(chars):
        last = i == len(chars) - 1
        if char == "A":
            out.append("[As](/ˈeɪz/)" if last and plural else A_LETTER)
        elif last and plural:
            out.append(char + "'s")
        else:
            out.append(char)
    return " ".join(out)


_SENTENCE_START = re.compile(r"[\"'”’)\]]*(?:[ \t]*(?:$|\n)|[ \t]+[\"'(“‘]?[A-Z\U000f0000-\U000ffffd])")
"""After a period that ends a sentence: closing quotes or brackets ("…and Co."), then the
end of the line or a capital."""


def ends_sentence(text: str, end: int) -> bool:
    """Whether a period at ``text[end - 1]`` looks like it also ends the sentence."""
    return _SENTENCE_START.match(text, end) is not None


__all__ = [
    "A_LETTER",
    "MARKUP",
    "Held",
    "alternation",
    "ends_sentence",
    "guarded",
    "load_json",
    "spell_letters",
]
