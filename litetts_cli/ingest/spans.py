"""Inline text given its own pronunciation at ingest: ``[word](/ipa/)`` markup.

Two sources: the words of a PLS lexicon the book links to, and text marked as being in
another language than the page around it (Standard Ebooks' ``<i xml:lang="la">``,
``<span lang="fr">``), read with that language's phonemes
(:func:`litetts_cli.g2p.foreign_words.foreign_markup`).
"""

from __future__ import annotations

import functools
import re

from litetts_cli.g2p.foreign_words import foreign_markup
from litetts_cli.ingest import language as lang

__all__ = ["foreign_markup", "is_foreign", "lexicon_pattern"]


def is_foreign(tag: str, around: str) -> bool:
    """Whether text tagged ``tag`` is in another language than ``around`` (both known)."""
    return bool(tag and around) and lang.primary(tag) != lang.primary(around)


@functools.lru_cache(maxsize=8)
def lexicon_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """Whole-word matches of a lexicon's graphemes, longest first, outside existing markup."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w\[/])(?:{alternatives})(?![\w\]/])")
