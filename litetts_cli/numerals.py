"""Roman and bare heading numerals as numbers: what both reading a book's structure
(``ingest``: is a chapter title only a number?) and speaking it (``normalize``) ask.

A foundation module: it imports nothing of litetts, so the text stages, which may not
import each other, share one rule.
"""

from __future__ import annotations

import re

_VALID = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_BARE = re.compile(r"\s*(?:(?P<roman>[IVXLCDM]{1,12}|[ivxlcdm]{1,12})|(?P<arabic>[0-9]{1,4}))\s*[.:]?\s*")
_MAX_ROMAN_HEADING = 300
"""A larger "numeral" heading ("MIX", "DC") is a word or initials, not a chapter number."""


def roman_value(numeral: str) -> int | None:
    """The value of a well-formed numeral, or None ("IIII", "VX", "" are not numerals)."""
    if not numeral or not _VALID.fullmatch(numeral):
        return None
    total = 0
    for char, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _VALUES[char]
        total += -value if following != " " and _VALUES[following] > value else value
    return total


def numeral_value(text: str) -> int | None:
    """The value of a bare heading numeral ("XXVI", "xxvi", "26", "IV."), else None."""
    m = _BARE.fullmatch(text)
    if not m:
        return None
    if m.group("arabic"):
        return int(m.group("arabic"))
    value = roman_value(m.group("roman").upper())
    return value if value is not None and value <= _MAX_ROMAN_HEADING else None


__all__ = ["numeral_value", "roman_value"]
