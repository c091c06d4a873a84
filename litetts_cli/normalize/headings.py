"""Headings that are only a number: "XXVI", "VIII.", "12:" -> "Chapter Twenty-Six".

Classic novels number their chapters with a bare roman numeral; read as prose it comes
out as letters ("X X V I", "Viii"). Every heading that becomes speech goes through
:func:`spoken_heading` (``litetts book`` for chapter titles and in-chapter headings, the
normalizer for a numeral alone on its line), so one rule decides how it sounds.
"""

from __future__ import annotations

import re
from typing import Literal

from litetts_cli.normalize.base import load_json
from litetts_cli.normalize.options import NormalizeOptions
from litetts_cli.numerals import numeral_value, roman_value

Role = Literal["chapter", "section"]

_LEADING = re.compile(r"\s*(?P<roman>[IVXLCDM]{1,12})(?P<sep>[.:])\s+(?P<rest>\S.*)", re.DOTALL)
_LINE = re.compile(r"(?m)^([ \t]*)([IVXLCDM]{1,12}|[0-9]{1,4})([ \t]*[.:]?)[ \t]*$")
_TITLED_LINE = re.compile(
    r"(?m)^([ \t]*)([IVXLCDM]{1,12})([.:][ \t]+)(?=[A-Z][A-Za-z'’]+(?![.\w]))([^\n.!?,;]{1,80})$"
)
"""A heading line that numbers its title: "XI: Interest in Public Affairs" (Franklin's
chapters), "VIII. THE FLOOD"; not "V. I. Lenin", nor a sentence (no period inside)."""
_NUMBERED_PART = re.compile(r"(?<=: )([IVXLCDM]{2,12})(?=:[ \t]+[A-Z])")
"""A chapter numeral inside a joined title: "Part VI: Captain Silver: XXVIII: In the
Enemy's Camp" (Treasure Island), "Book VI: VIII: The Story of Le Fever" (Tristram Shandy)."""
_STRANGE_ALONE = frozenset({"C", "D", "L", "M", "DC", "CD", "MD", "DM", "CM", "MC", "MM", "LI", "MI", "DI", "CI"})
"""Alone on a line these are more likely letters or words than chapter numbers."""


def _cardinal(n: int, language: str) -> str:
    from litetts_cli.normalize.languages import cardinal

    words = cardinal(n, language)
    if not language.lower().startswith("en"):
        return words
    return "-".join(part[:1].upper() + part[1:] for part in words.split("-"))


def _title_case(words: str, language: str) -> str:
    """English headings are title case ("Chapter Twenty-Six"); other languages keep
    their number words as they are ("Chapitre vingt-six")."""
    if not language.lower().startswith("en"):
        return words
    return " ".join(w[:1].upper() + w[1:] for w in words.split(" "))


def spoken_heading(title: str, role: Role = "chapter", language: str = "en") -> str:
    """How to announce a heading.

    Args:
        title: the heading as written.
        role: ``chapter`` for a chapter's title ("XXVI" -> "Chapter Twenty-Six");
            ``section`` for a heading inside a chapter, such as the numbered parts of a
            short story ("II" -> "Two"), where the number alone is what a narrator says.
        language: the text's language; picks the chapter word and the number words.

    Anything that is not a bare numeral comes back unchanged, except a leading roman
    numeral with a period before a title ("IV. The Flood" -> "Four. The Flood").
    """
    value = numeral_value(title)
    base = language.lower().replace("_", "-").split("-")[0]
    if value is not None and value > 0:
        word = load_json("headings.json")["chapter"].get(base, "Chapter")
        if "{n}" in word:  # CJK: "第26章", read by that language's own numeral rules
            return word.format(n=value) if role == "chapter" else str(value)
        number = _title_case(_cardinal(value, language), language)
        if role == "section":
            return number
        return f"{word} {number}"
    head, colon, tail = title.rpartition(":")
    if colon and head.strip() and numeral_value(tail) is not None:
        # A divider merged with the chapter after it: "Part I: I" -> "Part I: Chapter One"
        return f"{head.rstrip()}: {spoken_heading(tail.strip(), role, language)}"
    m = _LEADING.fullmatch(title)
    if m:
        value = roman_value(m.group("roman"))
        if value:
            return f"{_title_case(_cardinal(value, language), language)}{m.group('sep')} {m.group('rest')}"
    return title


_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to upon with".split())


def _title_words(text: str) -> bool:
    """Whether ``text`` is set as a title: each word capitalized but the small ones
    ("Interest in Public Affairs"), unlike a sentence ("Smith was there")."""
    words = [w.strip("()[]\"'’:") for w in text.split()]
    return all(not w or w[0].isupper() or w[0].isdigit() or w in _SMALL_WORDS for w in words)


def expand_numeral_lines(text: str, language: str = "en") -> str:
    """A line holding only a numeral ("XXVI", "VIII.") is a section heading: its number.

    "I" alone is left alone (a one-word line "I" is more often the pronoun in verse or
    dialogue), as are numerals that read as words or initials ("MD", "LI").
    """

    def replace(m: re.Match[str]) -> str:
        numeral = m.group(2)
        if numeral.isdigit() or numeral == "I" or numeral in _STRANGE_ALONE:
            return m.group(0)
        value = numeral_value(numeral)
        if not value:
            return m.group(0)
        return f"{m.group(1)}{_title_case(_cardinal(value, language), language)}{m.group(3) or ''}"

    def titled(m: re.Match[str]) -> str:
        numeral = m.group(2)
        value = numeral_value(numeral)
        if numeral == "I" or numeral in _STRANGE_ALONE or not value or not _title_words(m.group(4)):
            return m.group(0)
        number = _title_case(_cardinal(value, language), language)
        return f"{m.group(1)}{number}{m.group(3)}{m.group(4)}"

    def part(m: re.Match[str]) -> str:
        value = numeral_value(m.group(1))
        if m.group(1) in _STRANGE_ALONE or not value:
            return m.group(0)
        return _title_case(_cardinal(value, language), language)

    text = _TITLED_LINE.sub(titled, text)
    if ": " in text:
        text = _NUMBERED_PART.sub(part, text)
    return _LINE.sub(replace, text)


def expand_heading_lines(text: str, options: NormalizeOptions) -> str:
    """The normalizer's step for :func:`expand_numeral_lines`."""
    return expand_numeral_lines(text, options.language)


__all__ = ["expand_heading_lines", "expand_numeral_lines", "numeral_value", "spoken_heading"]
