"""How many words a text has and how long it takes to read aloud, in every Kokoro
language (issue 18).

Words are counted between spaces, but Chinese and Japanese are written without them: a
2,000-character Chinese chapter was "one word" and its estimate a fraction of a second.
In those scripts every character counts as one word (as their own word counts do, 字数
and 文字数), and is read at the language's own pace in characters per second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

WORDS_PER_SECOND = 2.6
"""Narration pace at speed 1.0 in languages written with spaces, for estimates before
synthesis (book length, disk space, ``--list-chapters``)."""

CHARACTERS_PER_SECOND = {"ja": 3.8, "zh": 3.3}
"""Narration pace at speed 1.0 of Kokoro's Japanese and Chinese voices, in characters
(kanji, kana, hanzi) per second: measured over all 5 Japanese and 8 Chinese voices in
benchmarks/intelligibility_languages.md, where English measures 2.6-2.7 words/s."""

_CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")


def count_words(text: str) -> int:
    """Words between spaces; in Chinese and Japanese, one per character (punctuation
    not counted)."""
    if not _CJK.search(text):
        return len(text.split())
    rest = _CJK.sub(" ", text)
    return len(_CJK.findall(text)) + sum(1 for w in rest.split() if any(c.isalnum() for c in w))


def reading_seconds(paragraphs: str | Iterable[str], speed: float = 1.0) -> float:
    """Estimated seconds to read ``paragraphs`` aloud at ``speed``: Chinese or Japanese
    characters at their pace (a paragraph with kana is Japanese), other words at
    :data:`WORDS_PER_SECOND`."""
    if isinstance(paragraphs, str):
        paragraphs = [paragraphs]
    seconds = 0.0
    for text in paragraphs:
        characters = len(_CJK.findall(text))
        if not characters:
            seconds += len(text.split()) / WORDS_PER_SECOND
            continue
        pace = CHARACTERS_PER_SECOND["ja" if _KANA.search(text) else "zh"]
        seconds += characters / pace + (count_words(text) - characters) / WORDS_PER_SECOND
    return seconds / speed


__all__ = ["CHARACTERS_PER_SECOND", "WORDS_PER_SECOND", "count_words", "reading_seconds"]
