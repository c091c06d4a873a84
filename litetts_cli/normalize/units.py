"""Units after numbers: "5 km" -> "five kilometers", "1 lb" -> "one pound", "-5 °C"."""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import alternation, ends_sentence, guarded, load_json
from litetts_cli.normalize.money import NUMBER
from litetts_cli.normalize.options import NormalizeOptions

_ARC = re.compile(
    rf"(?<![0-9A-Za-z.,'])(?P<deg>{NUMBER})°[ \t]?(?P<min>[0-9]{{1,2}}(?:\.[0-9]+)?)'"
    r"(?:[ \t]?(?P<sec>[0-9]{1,2}(?:\.[0-9]+)?)\")?(?![0-9A-Za-z'])"
)
"""Degrees, minutes and seconds of arc: latitude "27° 30′", an angle "5° 8′ 48″" (the
primes are plain quotes after cleanup), not feet and inches."""
_FEET_INCHES = re.compile(
    r"(?<![0-9A-Za-z.,'])(?P<feet>[0-9]{1,2})'\s?(?P<inches>[0-9]{1,2}(?:\.[0-9]+)?)(?:\"|'')?(?![0-9A-Za-z'])"
)

_INCHES_AFTER_FEET = re.compile(
    rf"(?P<feet>(?<![0-9A-Za-z.,]){NUMBER}[ \t]?(?:ft\.?|feet|foot)[ \t]+)"
    r"(?P<inches>[0-9]{1,2}(?:\.[0-9]+)?)[ \t]?in(?![\w.'])"
)
"""A bare "in" is inches only right after a feet measure: "3 ft 2 in tall" (a real book
read this session), "5ft 2in"; elsewhere "in" is the preposition ("2 in 10")."""


@lru_cache(maxsize=1)
def _airliners() -> frozenset[str]:
    """Model numbers whose plural is planes ("747s"); numbers.py reads them."""
    return frozenset(load_json("numbers.json")["airliners"]["models"])


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[str]], dict[str, str], frozenset[str], re.Pattern[str], re.Pattern[str]]:
    data = load_json("units.json")
    units, per = data["units"], data["per"]
    pattern = re.compile(
        rf"(?<![0-9A-Za-z.,/])(?P<neg>(?<![0-9A-Za-z])-)?(?P<num>{NUMBER})"
        rf"(?:\s?(?:-|to)\s?(?P<num2>{NUMBER}))?(?P<space>\s?)(?P<unit>{alternation(units)})"
        rf"(?:/(?P<per>{alternation(per)}))?(?P<dot>(?<![.])\.)?(?![A-Za-z0-9])"
    )
    bare_per = re.compile(rf"(?<![0-9A-Za-z.,/])(?P<num>{NUMBER})/(?P<per>{alternation(per)})(?![A-Za-z0-9/])")
    return units, per, frozenset(data["no_space_only"]), pattern, bare_per


_UNAMBIGUOUS_MAGNITUDES = ("bn", "BN", "mn", "tn")
"""Suffixes that are never units: "1.2bn" is always "one point two billion"."""


@lru_cache(maxsize=1)
def _counts() -> tuple[dict[str, str], frozenset[str], re.Pattern[str]]:
    magnitudes = {k: v for k, v in load_json("currencies.json")["magnitudes"].items() if len(k) <= 2}
    pattern = re.compile(
        rf"(?<![0-9A-Za-z.,$£€¥])(?P<num>[0-9]+(?:\.[0-9]+)?)(?P<mag>{alternation(magnitudes)})"
        r"(?![A-Za-z0-9])(?P<noun>(?=[ \t]+[A-Za-z]*[a-z][A-Za-z]*[^s\W]s\b))?(?=[ \t]+(?P<next>[A-Za-z]+))?"
    )
    return magnitudes, frozenset(load_json("units.json")["count_nouns"]), pattern


def _count(m: re.Match[str]) -> str | None:
    """News shorthand for a count: "40.4m iPhones", "1.2bn people", "3m people" (millions,
    not meters)."""
    number, mag = m.group("num"), m.group("mag")
    magnitudes, count_nouns, _ = _counts()
    counted = (m.group("next") or "").lower() in count_nouns
    if mag not in _UNAMBIGUOUS_MAGNITUDES and not counted and not ("." in number and m.group("noun") is not None):
        return None  # "100m", "the 100m hurdles" and "a 1.8m tall man" are meters; "5k" a race
    return f"{number} {magnitudes[mag]}"


def expand_units(text: str, options: NormalizeOptions) -> str:
    """Rewrite a number followed by a unit symbol; the symbol alone is never touched."""
    units, per, no_space_only, pattern, bare_per = _tables()
    british = options.british

    def replace(m: re.Match[str]) -> str:
        unit = m.group("unit")
        first, second = m.group("num"), m.group("num2")
        if m.group("space") and unit in no_space_only:
            return m.group(0)
        if unit == "s" and not m.group("space") and ((second or first).endswith("0") or first in _airliners()):
            return m.group(0)  # "1000s of people", "two 737s", not seconds
        single, many = units[unit]
        words = numwords.plain_number(first, british)
        if m.group("neg"):
            words = "minus " + words
        if second:
            words += " to " + numwords.plain_number(second, british)
        words += " " + (single if numwords.is_one(second or first) else many)
        if m.group("per"):
            words += " per " + per[m.group("per")]
        if (unit.endswith(".") or m.group("dot")) and ends_sentence(m.string, m.end()):
            words += "."  # "1 lb. beefsteak" reads on; "a pound of it, 1 lb. Then" stops
        return words

    def arc(m: re.Match[str]) -> str:
        parts = [(m.group("deg"), "degree", "degrees"), (m.group("min"), "minute", "minutes")]
        if m.group("sec"):
            parts.append((m.group("sec"), "second", "seconds"))
        return " ".join(
            f"{numwords.plain_number(n, british)} {one if numwords.is_one(n) else many}" for n, one, many in parts
        )

    def feet_inches(m: re.Match[str]) -> str:
        feet, inches = m.group("feet"), m.group("inches")
        foot_word = "foot" if feet == "1" else "feet"
        inch_word = "inch" if inches == "1" else "inches"
        return (
            f"{numwords.cardinal(int(feet))} {foot_word} {numwords.plain_number(inches, british)} {inch_word}"
        )

    def number_per(m: re.Match[str]) -> str:
        # A price or rate with no unit of its own: "3.50/kg", "2/lb".
        return f"{numwords.plain_number(m.group('num'), british)} per {per[m.group('per')]}"

    def inches_after_feet(m: re.Match[str]) -> str:
        inches = m.group("inches")
        return f"{m.group('feet')}{numwords.plain_number(inches, british)} {'inch' if numwords.is_one(inches) else 'inches'}"

    if "in" in text:
        text = _INCHES_AFTER_FEET.sub(guarded(inches_after_feet, options.strict), text)
    text = _counts()[2].sub(guarded(lambda m: _count(m) or m.group(0), options.strict), text)
    if "'" in text:
        if "°" in text:
            text = _ARC.sub(guarded(arc, options.strict), text)
        text = _FEET_INCHES.sub(guarded(feet_inches, options.strict), text)
    text = pattern.sub(guarded(replace, options.strict), text)
    return bare_per.sub(guarded(number_per, options.strict), text) if "/" in text else text


__all__ = ["expand_units"]
