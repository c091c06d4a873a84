"""Inline text given its own pronunciation at ingest: ``[word](/ipa/)`` markup.

Two sources: the words of a PLS lexicon the book links to, and text marked as being in
another language than the page around it (Standard Ebooks' ``<i xml:lang="la">``,
``<span lang="fr">``). A listener should hear "Carpe diem" in Latin, not spelled with
English phonemes; the book's narrator reads it, with espeak-ng's phonemes for that
language, one ``[word](/ipa/)`` per word so that word timings and cues still see each
word. A language espeak-ng does not have, or Chinese and Japanese (whose frontends are
not espeak-ng), is left as written: read by the chapter's own rules, never dropped.
"""

from __future__ import annotations

import functools
import re

from litetts_cli.g2p import espeak
from litetts_cli.g2p.languages import kokoro_language
from litetts_cli.g2p.markup import MARKUP
from litetts_cli.ingest import language as lang

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?")
"""A word of the foreign text; spaces, digits and punctuation between words stay as they are."""
_NOT_ESPEAK = frozenset({"ja", "zh"})
"""Languages whose phonemes come from their own frontends, not espeak-ng."""


def is_foreign(tag: str, around: str) -> bool:
    """Whether text tagged ``tag`` is in another language than ``around`` (both known)."""
    return bool(tag and around) and lang.primary(tag) != lang.primary(around)


@functools.lru_cache(maxsize=64)
def espeak_language(tag: str) -> str | None:
    """The espeak-ng language that reads ``tag`` (``fr`` -> ``fr-fr``, ``la``, ``grc``),
    or None when espeak-ng has none for it."""
    if lang.primary(tag) in _NOT_ESPEAK:
        return None
    for candidate in dict.fromkeys(c for c in (kokoro_language(tag), lang.canonical(tag), lang.primary(tag)) if c):
        try:
            espeak.phonemize("a", candidate)
        except RuntimeError:  # phonemizer: "language ... is not supported by the espeak backend"
            continue
        return candidate
    return None


def _markup(word: str, ipa: str) -> str:
    ipa = ipa.replace("-", "")  # espeak-ng's clitic and liaison marks ("je" -> "ʒə-", "les" -> "le-z")
    marked = f"[{word}](/{ipa}/)"
    return marked if ipa and MARKUP.fullmatch(marked) else word


def foreign_markup(text: str, tag: str) -> str:
    """``text`` in language ``tag`` with each word given that language's phonemes;
    unchanged when espeak-ng cannot read ``tag``.

    The words are phonemized together (espeak-ng reads "je ne sais quoi" as a phrase),
    then paired with their phonemes one to one; where the two counts differ (a liaison
    joined two words), each word is phonemized on its own."""
    language = espeak_language(tag)
    words = [m.group(0) for m in _WORD.finditer(text)] if language else []
    if not words:
        return text
    together = espeak.phonemize(" ".join(words), language).split()
    if len(together) != len(words):
        together = [espeak.phonemize(word, language) for word in words]
    marked = iter([_markup(word, ipa) for word, ipa in zip(words, together)])
    return _WORD.sub(lambda _m: next(marked), text)


@functools.lru_cache(maxsize=8)
def lexicon_pattern(words: tuple[str, ...]) -> re.Pattern | None:
    """Whole-word matches of a lexicon's graphemes, longest first, outside existing markup."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w\[/])(?:{alternatives})(?![\w\]/])")
