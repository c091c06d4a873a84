"""House numbers: "221B, Baker Street" -> "two twenty-one B", "197, Chicksand Street" ->
"one ninety-seven" (issue 11).

Only where the context says address (a street word follows, or "number"/"No."/"at"
comes before), so "4K video" and "7B model" stay with the general rules.
"""

from __future__ import annotations

import re

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import A_LETTER, guarded
from litetts_cli.normalize.options import NormalizeOptions

_STREETS = (
    "Street|Road|Lane|Square|Terrace|Place|Avenue|Gardens|Crescent|Row|Court|Walk|Hill|Grove"
    "|Mews|Close|Drive|Way|Parade|Villas|Park|Rise|Green|St|Rd|Ave"
)
_HOUSE = re.compile(
    rf"(?<![0-9A-Za-z.,/$£€-])(?:(?P<num>[0-9]{{1,4}})(?P<letter>[A-H])|(?P<bare>[1-9][0-9]{{2,3}}))(?P<after>,?[ \t]+(?:[A-Z][a-z]+[ \t]+){{0,2}}(?:{_STREETS})\b)"
    rf"|(?P<ctx>\b(?:[Nn]umber|No\.|at)[ \t])(?P<num2>[0-9]{{1,4}})(?P<letter2>[A-H])(?![A-Za-z0-9])"
)


def house_number(number: str, letter: str = "") -> str:
    """ "221", "B" -> "two twenty-one B": three and four digits in pairs, as a narrator says
    them ("197, Chicksand Street" is "one ninety-seven", "1600" "sixteen hundred")."""
    spoken = numwords.paired(number) if len(number) > 2 else numwords.cardinal(int(number))
    if not letter:
        return spoken
    return f"{spoken} {A_LETTER if letter == 'A' else letter}"


def expand_house_numbers(text: str, options: NormalizeOptions) -> str:
    """Rewrite house numbers with a letter suffix in an address context."""

    def replace(m: re.Match[str]) -> str:
        if m.group("bare"):
            return house_number(m.group("bare")) + m.group("after")
        if m.group("num"):
            return house_number(m.group("num"), m.group("letter")) + m.group("after")
        return m.group("ctx") + house_number(m.group("num2"), m.group("letter2"))

    return _HOUSE.sub(guarded(replace, options.strict), text)


__all__ = ["expand_house_numbers", "house_number"]
