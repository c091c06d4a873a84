"""Money: "$45.50" -> "forty-five dollars and fifty cents", "$1.2B" -> "one point two billion dollars"."""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions

NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"


_ALONE = r"(?![0-9/]|\s?(?:-|to)\s?[$0-9]|\s?(?:thousand|million|billion|trillion|[kKmMbB]n?)(?![A-Za-z]))"
"""A fraction after an amount only where no range or magnitude follows ("$8.03½")..."""
_BEFORE_SCALE = r"(?=\s(?:thousand|million|billion|trillion)(?![A-Za-z]))"
"""...or where a magnitude word follows a whole number ("$5 1/2 million")."""


@lru_cache(maxsize=1)
def _tables() -> tuple[dict, dict, dict, dict, re.Pattern[str]]:
    data = load_json("currencies.json")
    symbols, codes, magnitudes, per = data["symbols"], data["codes"], data["magnitudes"], data["per"]
    sym = alternation(list(symbols))
    code = alternation(list(codes))
    postfix = alternation([s for s in symbols if not s.endswith("$")] + ["¢"])
    mag = (
        rf"(?:(?:\s(?P<{{n}}magw>thousand|million|billion|trillion)|(?P<{{n}}mags>{alternation(magnitudes)}))"
        r"(?![A-Za-z]))"
    )
    per_unit = rf"(?:\s?/\s?|\s+per\s+)(?P<per>{alternation(per)})(?![A-Za-z])"
    prefix = (
        rf"(?P<neg>(?<![0-9A-Za-z])-\s?)?(?P<sym>{sym})\s?(?P<num>{NUMBER})(?:[ \t](?P<frac>[1-9]/[1-9]){_ALONE}|(?<=[0-9])[ \t](?P<sfrac>[1-9]/[1-9]){_BEFORE_SCALE})?"
        rf"(?:\s?(?:-|to)\s?(?:{sym})?\s?(?P<num2>{NUMBER}))?{mag.format(n='a')}?"
    )
    by_code = (
        rf"(?P<code>{code})\s?(?P<cnum>{NUMBER})(?:\s?(?:-|to)\s?(?P<cnum2>{NUMBER}))?{mag.format(n='c')}?"
    )
    code_after = rf"(?P<knum>{NUMBER}){mag.format(n='k')}?\s?(?P<kcode>{code})(?![A-Za-z])"
    symbol_after = rf"(?P<pneg>(?<![0-9A-Za-z])-)?(?P<pnum>{NUMBER})\s?(?P<psym>{postfix})"
    pattern = re.compile(
        rf"(?<![0-9A-Za-z.,])(?:{prefix}|{by_code}|{code_after}|{symbol_after})(?:{per_unit})?"
    )
    return symbols, codes, magnitudes, per, pattern


def _with_fraction(number: str, fraction: str, names: list[str], british: bool) -> str:
    """ "$8.03½" -> "eight dollars and three and a half cents" (Walden's accounts): the
    fraction goes with the smallest unit written."""
    numerator, denominator = (int(p) for p in fraction.split("/"))
    whole, _, minor = number.replace(",", "").partition(".")
    if minor and len(minor) == 2 and names[2]:
        units = int(whole) if whole else 0
        cents = f"{numwords.mixed_fraction(int(minor), numerator, denominator, british)} {names[3]}"
        if not units:
            return cents
        return f"{numwords.plain_number(whole, british)} {names[0] if units == 1 else names[1]} and {cents}"
    return f"{numwords.mixed_fraction(int(whole or '0'), numerator, denominator, british)} {names[1]}"


def amount(number: str, names: list[str], british: bool = False) -> str:
    """``"45.50", ["dollar", "dollars", "cent", "cents"]`` -> "forty-five dollars and fifty cents"."""
    single, many, minor_single, minor_many = names
    text = number.replace(",", "")
    whole, _, fraction = text.partition(".")
    if fraction and (not minor_single or len(fraction) > 2):
        return f"{numwords.plain_number(text, british)} {many}"
    units = int(whole) if whole else 0
    minor = int(fraction.ljust(2, "0")) if fraction else 0
    parts = []
    if units or not minor:
        parts.append(f"{numwords.plain_number(whole or '0', british)} {single if units == 1 else many}")
    if minor:
        parts.append(f"{numwords.cardinal(minor, british)} {minor_single if minor == 1 else minor_many}")
    return " and ".join(parts)


_ARTICLE_BEFORE = re.compile(r"(?:^|\s)(?:[Aa]n?)\s+$")
_NOUN_AFTER = re.compile(
    r"\s+(?!(?:per|a|an|each|for|or|and|to|in|of|on|at|is|was|from|more|less|than|off|back)\b)[a-z]"
)


def _attributive(
    m: re.Match[str], number: str, magnitude: str | None, names: list[str], british: bool, fraction: str | None = None
) -> str | None:
    """ "a $5 fee" -> "a five-dollar fee": after "a"/"an" and before a noun, the unit is singular."""
    if "." in number or not _ARTICLE_BEFORE.search(m.string, max(0, m.start() - 4), m.start()):
        return None
    if not _NOUN_AFTER.match(m.string, m.end()):
        return None
    words = _number_words(number, fraction, british)
    if magnitude:
        return f"{words} {magnitude} {names[0]}"
    return f"{words}-{names[0]}"


def _number_words(number: str, fraction: str | None, british: bool) -> str:
    """ "5" -> "five"; with ``fraction`` "1/2" -> "five and a half"."""
    if not fraction:
        return numwords.plain_number(number, british)
    numerator, denominator = (int(p) for p in fraction.split("/"))
    if "." in number:
        return f"{numwords.plain_number(number, british)} and {numwords.fraction(numerator, denominator, british)}"
    return numwords.mixed_fraction(int(number.replace(",", "")), numerator, denominator, british)


def _scaled(number: str, magnitude: str, names: list[str], british: bool, fraction: str | None = None) -> str:
    """ "$5 million" -> "five million dollars"; "$5 1/2 million" -> "five and a half million dollars"."""
    return f"{_number_words(number, fraction, british)} {magnitude} {names[1]}"


def _read(first: str, second: str | None, magnitude: str | None, names: list[str], british: bool) -> str:
    if magnitude:
        last = _scaled(second or first, magnitude, names, british)
        return f"{numwords.plain_number(first, british)} to {last}" if second else last
    if second:
        head = amount(first, names, british) if "." in first else numwords.plain_number(first, british)
        return f"{head} to {amount(second, names, british)}"
    return amount(first, names, british)


def expand_money(text: str, options: NormalizeOptions) -> str:
    """Rewrite amounts of money written with a currency symbol or code."""
    symbols, codes, magnitudes, per, pattern = _tables()
    british = options.british

    def magnitude(m: re.Match[str], prefix: str) -> str | None:
        word = m.group(f"{prefix}magw")
        if word:
            return word
        short = m.group(f"{prefix}mags")
        return magnitudes[short] if short else None

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("sym") and g("frac"):
            names = symbols[g("sym")]
            words = ("minus " if g("neg") else "") + _with_fraction(g("num"), g("frac"), names, british)
        elif g("sym"):
            names = symbols[g("sym")]
            attributive = (
                None
                if g("num2") or g("neg") or g("per")
                else _attributive(m, g("num"), magnitude(m, "a"), names, british, g("sfrac"))
            )
            if attributive or not g("sfrac"):
                words = attributive or _read(g("num"), g("num2"), magnitude(m, "a"), names, british)
            else:  # "$5 1/2 million"
                words = _scaled(g("num"), magnitude(m, "a"), names, british, g("sfrac"))
            words = ("minus " if g("neg") else "") + words
        elif g("code"):
            words = _read(g("cnum"), g("cnum2"), magnitude(m, "c"), codes[g("code")], british)
        elif g("kcode"):
            words = _read(g("knum"), None, magnitude(m, "k"), codes[g("kcode")], british)
        else:
            sym = g("psym")
            names = ["cent", "cents", "", ""] if sym == "¢" else symbols[sym]
            words = ("minus " if g("pneg") else "") + _read(g("pnum"), None, None, names, british)
        if g("per"):
            words += f" per {per[g('per')]}"
        return words

    return pattern.sub(guarded(replace, options.strict), text)


__all__ = ["amount", "expand_money"]
