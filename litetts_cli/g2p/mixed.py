"""Latin words inside Japanese or Chinese text, read as English.

misaki's first-generation frontends pass Latin letters through as they are ("iPhone"
becomes the phoneme letters i, P, h, o, n, e), which the model reads as noise. Names
and brands in CJK text are usually English, so a run of Latin words goes to espeak-ng
(American English) and the rest to the language's own frontend.
"""

from __future__ import annotations

import re
from typing import Callable

from litetts_cli.errors import G2PError
from litetts_cli.g2p import espeak

_LATIN_RUN = re.compile(
    r"[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ'’\-]*(?:[ \t]+[A-Za-zＡ-Ｚａ-ｚ][A-Za-zＡ-Ｚａ-ｚ'’\-]*)*"
)
_CLOSING_MARKS = frozenset(".,;:!?…)”")
LATIN_LANGUAGE = "en-us"
"""espeak-ng language for Latin words in CJK text."""


def split_latin(text: str) -> list[tuple[bool, str]]:
    """``(is_latin, piece)`` pairs in order; the pieces join back into ``text``."""
    pieces: list[tuple[bool, str]] = []
    start = 0
    for match in _LATIN_RUN.finditer(text):
        if match.start() > start:
            pieces.append((False, text[start : match.start()]))
        pieces.append((True, match.group(0)))
        start = match.end()
    if start < len(text):
        pieces.append((False, text[start:]))
    return pieces


def phonemize_mixed(text: str, native: Callable[[str], str]) -> str:
    """Phonemes for ``text``: Latin runs through English espeak-ng, the rest through
    ``native``; the parts are joined by single spaces (none before a closing mark)."""
    parts = []
    for is_latin, piece in split_latin(text):
        if not piece.strip():
            continue
        if is_latin:
            parts.append(espeak.phonemize(_halfwidth(piece), LATIN_LANGUAGE))
        else:
            parts.append(native(piece))
    joined = ""
    for part in (p.strip() for p in parts if p.strip()):
        # A mark right after a Latin run ("iPhone。") closes it, as it would any word.
        joined = f"{joined}{part}" if not joined or part[0] in _CLOSING_MARKS else f"{joined} {part}"
    return joined


def align_words(text: str, surfaces: list[str]) -> list[str]:
    """Cut ``text`` after each of ``surfaces`` (a tokenizer's words, found in order) and
    the whitespace that follows it, losing nothing: the pieces join back into ``text``."""
    pieces: list[str] = []
    start = 0
    for surface in surfaces:
        found = text.find(surface, start) if surface else -1
        if found < 0:
            continue
        end = found + len(surface)
        while end < len(text) and text[end].isspace():
            end += 1
        pieces.append(text[start:end])
        start = end
    if start < len(text):
        if pieces:
            pieces[-1] += text[start:]
        else:
            pieces.append(text[start:])
    return pieces


def missing_extra(language: str, extra: str, exc: ImportError) -> G2PError:
    """The error for a language whose optional frontend is not installed."""
    return G2PError(
        f"{language} needs its optional phonemizer, which is not installed ({exc.name or exc})",
        hint=f"pip install 'litetts[{extra}]' (make install includes it)",
    )


def _halfwidth(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "Ａ" <= c <= "ｚ" else c for c in text)


__all__ = ["LATIN_LANGUAGE", "align_words", "missing_extra", "phonemize_mixed", "split_latin"]
