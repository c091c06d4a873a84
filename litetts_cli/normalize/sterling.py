"""Old British money: "£3 10s. 6d.", "2s. 6d.", "7s.", "a 5l. note" (issue 11).

Pounds, shillings and pence are written with "l."/"£", "s." and "d." after the number;
read as units they become "two seconds. six D.". Runs before the money and units
steps so their digits are claimed here first.
"""

from __future__ import annotations

import re

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import ends_sentence, guarded
from litetts_cli.normalize.options import NormalizeOptions

_SP = r"[ \t\u00a0]?"
_POUNDS = rf"(?:£{_SP}(?P<lsym>[0-9]{{1,3}}(?:,[0-9]{{3}})*|[0-9]+)|(?P<lnum>[0-9]{{1,3}}(?:,[0-9]{{3}})*|[0-9]+)l\.)"
_SHILLINGS = r"(?P<s{0}>[0-9]{{1,2}})s\."
_PENCE = r"(?=[0-9])(?P<d{0}>[0-9]{{1,2}}(?![0-9/]))?[ \t]?(?P<half{0}>1/2)?(?<=[0-9])d\."
_END = r"(?![A-Za-z0-9])"
_GAP = r"[ \t\u00a0]+"
_PATTERN = re.compile(
    rf"(?<![0-9A-Za-z.,£])(?:"
    rf"{_POUNDS}(?:{_GAP}{_SHILLINGS.format(1)}{_END})?(?:{_GAP}{_PENCE.format(1)}{_END})?"
    rf"|{_SHILLINGS.format(2)}{_END}(?:{_GAP}{_PENCE.format(2)}{_END})?"
    rf"|{_PENCE.format(3)}{_END})"
)
_FULL_AMOUNT = re.compile(r"[0-9]s\.[ \t\u00a0]+[0-9]{1,2}d\.|[0-9]l\.[ \t\u00a0]+[0-9]{1,2}s\.")
"""Shillings and pence together ("2s. 6d.") mark a text that counts old money."""
_OLD_ORDINAL_AFTER = re.compile(
    r"[ \t]+(?:of|inst|ult|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b"
)
_ARTICLE_BEFORE = re.compile(r"(?:^|\s)[Aa]n?\s+$")
_NOUN_AFTER = re.compile(r"\s+(?:note|notes|piece|pieces|bill|bills|coin|coins|fee|a\b)")


def _pence(d: int, half: bool) -> str:
    if d == 0 and half:
        return "a halfpenny"
    words = numwords.cardinal(d, True)
    if half:
        return f"{words} and a half pence"
    return "one penny" if d == 1 else f"{words} pence"


def expand_sterling(text: str, options: NormalizeOptions) -> str:
    """Read pounds, shillings and pence as money; a lone "7s." only as 1 to 19 shillings
    (a larger number followed by "s." is more often a decade or a plural)."""
    if not any(c in text for c in "£lsd"):
        return text
    # A lone "6s." or "3d." is money only in British text or beside other old money: in an
    # American book "three 6s." is a plural and "the 3d. of May" an old ordinal.
    sterling_context = options.british or "£" in text or _FULL_AMOUNT.search(text) is not None

    def replace(m: re.Match[str]) -> str:
        g = m.groupdict()
        s_text = g["s1"] or g["s2"]
        d_text = g["d1"] or g["d2"] or g["d3"]
        half = bool(g["half1"] or g["half2"] or g["half3"])
        pounds = g["lsym"] or g["lnum"]
        shillings = int(s_text) if s_text else None
        pence = int(d_text) if d_text else (0 if half else None)
        if pounds is None and pence is None and not 1 <= (shillings or 0) <= 19:
            return m.group(0)
        if pounds is None and shillings is None and pence is not None and pence > 11:
            return m.group(0)
        if g["lsym"] and shillings is None and pence is None:
            return m.group(0)  # "£1,000" alone is the money step's
        if pounds is None and shillings is None and _OLD_ORDINAL_AFTER.match(m.string, m.end()):
            return numwords.ordinal(pence)  # "the 3d. of May": third, written the old way
        if not sterling_context and (pounds is None) != (shillings is None) and pence is None:
            return m.group(0)
        if not sterling_context and pounds is None and shillings is None:
            return m.group(0)
        parts = []
        if pounds is not None:
            count = int(pounds.replace(",", ""))
            words = numwords.cardinal(count, True)
            attributive = (
                shillings is None and pence is None
                and _ARTICLE_BEFORE.search(m.string, max(0, m.start() - 4), m.start())
                and _NOUN_AFTER.match(m.string, m.end())
            )
            if attributive:
                return f"{words}-pound"
            parts.append(f"{words} {'pound' if count == 1 else 'pounds'}")
        if shillings is not None:
            parts.append(f"{numwords.cardinal(shillings, True)} {'shilling' if shillings == 1 else 'shillings'}")
        if pence is not None:
            parts.append(_pence(pence, half))
        if pence is not None and len(parts) > 1:
            parts[-1] = "and " + parts[-1]
        keep = "." if ends_sentence(m.string, m.end()) else ""
        return " ".join(parts) + keep

    return _PATTERN.sub(guarded(replace, options.strict), text)


__all__ = ["expand_sterling"]
