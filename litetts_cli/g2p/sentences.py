"""Split text into paragraphs and sentences.

A newline ends a sentence (PEERS item 8): lines of verse, list items and headings must
not run together. Abbreviations are expanded by the normalizer before this runs, so a
period followed by whitespace and a non-lowercase character is taken as a sentence end.
Hindi sentences also end at the danda (।, ॥). Chinese and Japanese sentences end at
。！？ (and the closing quotes after them) with no space needed.
"""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_SENTENCE_END = re.compile(
    r"""(?<=[.!?…।॥])["'”’)\]」』]*\s+(?=[^a-z\s])"""
    # Chinese and Japanese end sentences with full-width marks and no space after them;
    # a quotation followed by と (「はい。」と言った) goes on as one sentence.
    r"""|(?<=[。！？])(?![。！？!?…])["'”’）)\]」』]*+\s*+(?=\S)(?!と)""",
)


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, stripped, empty ones dropped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of one paragraph; every line break ends a sentence."""
    sentences: list[str] = []
    for line in paragraph.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(line):
            piece = line[start : match.start()] + line[match.start() : match.end()].rstrip()
            if piece.strip():
                sentences.append(piece.strip())
            start = match.end()
        tail = line[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def sentence_starts(text: str) -> list[int]:
    """Offsets in ``text`` where its sentences begin, by the same rule as
    :func:`split_sentences` except that a line break is only a space (the text of an
    HTML paragraph, whose line breaks are the source's formatting)."""
    first = len(text) - len(text.lstrip())
    if first == len(text):
        return []
    return [first] + [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
