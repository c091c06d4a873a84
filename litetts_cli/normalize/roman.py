"""Roman numerals in context: "Chapter IV" -> "Chapter four", "Henry VIII" -> "Henry the Eighth".

A numeral is only read after a context word, a regnal name, or (II and up, I/V/X only)
after a capitalized word in mid-sentence. "I" is a pronoun unless a context word or a
regnal name says otherwise; words such as "MIX", "CIVIL" or "DC" are never numerals.
"""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions
from litetts_cli.numerals import roman_value

_NUMERAL = r"[IVXLCDM]+"
_SMALL = r"(?:X{1,3}(?:IX|IV|VI{0,3}|I{1,3})?|IX|IV|VI{0,3}|I{2,3})"
_LOWER = r"[ivx]{2,6}"
"""Lower-case numerals up to 39, only after a context word: a play's "Act III, Scene ii"
(not "cc", "cv" or "li", which are words or initials there too)."""
_END = r"(?P<{0}>'s)?(?![A-Za-z0-9'])"
_REGNAL_I_FOLLOWS = re.compile(r"(?:'s|[ \t]*(?:[,.;:!?)\n]|$)|[ \t]+(?:of|and|in|[A-Z]))")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\n\"]\s*)$")
_LOWER_WORD_FOLLOWS = re.compile(r"[ \t]+[a-z]")
_SUBJECT_START = re.compile(r"(?:^|[.!?:;\n\"“(]\s*)$")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    data = load_json("roman.json")
    context = alternation(data["cardinal_before"])
    names = alternation(data["regnal_names"])
    return re.compile(
        # Gutenberg's HTML numbers a chapter with its volume glued on: "Chapter 4.LXXVII."
        rf"(?<![A-Za-z])(?:(?P<ctx>(?i:{context}))[ \t]+(?:(?P<vol>[0-9]{{1,3}})\.)?(?P<r1>{_NUMERAL}|{_LOWER})"
        rf"{_END.format('s1')}"
        rf"|(?P<name>{names})[ \t]+(?P<r2>{_NUMERAL}){_END.format('s2')}"
        rf"|(?P<gname>[A-Z][a-z]+)[ \t]+(?P<r3>{_SMALL}){_END.format('s3')}"
        # Eighteenth-century style, a name and "the" before the numeral: "King Harry the
        # VIII's time", "Pope Leo the III", "Charles the XII" (Tristram Shandy).
        rf"|(?P<tname>[A-Z][a-z]+)[ \t]+the[ \t]+(?P<r4>{_NUMERAL}){_END.format('s4')})"
    )


@lru_cache(maxsize=1)
def _regnal_i_after() -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z])(?:{alternation(load_json('roman.json')['regnal_i_after'])})[ \t]+$")


def _regnal_i(m: re.Match[str]) -> bool:
    """Whether the "I" after a regnal name is the numeral: "Elizabeth I of England",
    "Elizabeth I's reign"; before a lower-case word only where the name is a subject
    ("Elizabeth I was", "Queen Elizabeth I ruled"), not "When I met Elizabeth I was"."""
    text, start, end = m.string, m.start(), m.end()
    if _REGNAL_I_FOLLOWS.match(text, end):
        return True
    if not _LOWER_WORD_FOLLOWS.match(text, end):
        return False
    before = text[max(0, start - 40) : start]
    return bool(_SUBJECT_START.search(before) or _regnal_i_after().search(before))


def expand_roman(text: str, options: NormalizeOptions) -> str:
    """Rewrite Roman numerals that their context marks as numbers."""
    british = options.british

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("ctx"):
            numeral, context = g("r1"), g("ctx")
            value = roman_value(numeral.upper())
            if value is None or (numeral == "I" and not context[0].isupper()):
                return m.group(0)
            volume = f"{numwords.cardinal(int(g('vol')), british)}, " if g("vol") else ""
            return f"{context} {volume}{numwords.cardinal(value, british)}{g('s1') or ''}"
        if g("name"):
            numeral = g("r2")
            value = roman_value(numeral)
            if value is None or (numeral == "I" and not _regnal_i(m)):
                return m.group(0)
            words = numwords.ordinal(value, british)
            return f"{g('name')} the {words[0].upper()}{words[1:]}{g('s2') or ''}"
        if g("tname"):
            value = roman_value(g("r4"))
            if value is None or value < 2 or _SENTENCE_START.search(m.string, max(0, m.start() - 3), m.start()):
                return m.group(0)  # "the I" is the self; "Then the XI" opens a sentence, no name
            words = numwords.ordinal(value, british)
            return f"{g('tname')} the {words[0].upper()}{words[1:]}{g('s4') or ''}"
        value = roman_value(g("r3"))
        if value is None or _SENTENCE_START.search(m.string, max(0, m.start() - 3), m.start()):
            return m.group(0)
        return f"{g('gname')} {numwords.cardinal(value, british)}{g('s3') or ''}"

    return _pattern().sub(guarded(replace, options.strict), text)


__all__ = ["expand_roman", "roman_value"]
