"""Words of another language inside a text, given that language's phonemes as markup.

Text marked as another language (an EPUB's ``<i xml:lang="la">``) or written in another
script (Greek, Cyrillic, Hangul or Han inside English) should be heard in that
language, not spelled with English rules ("Ελληνικά" read as "epsilon lambda lambda
eta ..."). The chapter's own voice reads it, with espeak-ng's phonemes for that
language, one ``[word](/ipa/)`` per word so that word timings and cues still see each
word. A language espeak-ng does not have is left as written: never dropped.
"""

from __future__ import annotations

import functools
import re

from litetts_cli.g2p import espeak
from litetts_cli.g2p.languages import kokoro_language
from litetts_cli.g2p.markup import MARKUP

_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?")
"""A word; spaces, digits and punctuation between words stay as they are."""
_ESPEAK_NAMES = {"zh": "cmn"}
"""espeak-ng's name for a language whose tag it does not know."""
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
"""Kanji: espeak-ng's Japanese reads only kana, so Japanese text with kanji is left as written."""


@functools.lru_cache(maxsize=64)
def espeak_language(tag: str) -> str | None:
    """The espeak-ng language that reads ``tag`` (``fr`` -> ``fr-fr``, ``la``, ``grc``),
    or None when espeak-ng has none for it."""
    code = (tag or "").strip().lower().replace("_", "-")
    primary = code.split("-")[0]
    if not primary:
        return None
    for candidate in dict.fromkeys(c for c in (_ESPEAK_NAMES.get(primary), kokoro_language(code), code, primary) if c):
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
    if language == "ja" and _HAN.search(text):
        return text
    words = [m.group(0) for m in _WORD.finditer(text)] if language else []
    if not words:
        return text
    together = espeak.phonemize(" ".join(words), language).split()
    if len(together) != len(words):
        together = [espeak.phonemize(word, language) for word in words]
    marked = iter([_markup(word, ipa) for word, ipa in zip(words, together)])
    return _WORD.sub(lambda _m: next(marked), text)


__all__ = ["espeak_language", "foreign_markup"]
