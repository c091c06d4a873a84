"""Dates, years, decades and eras: "March 3, 2024", "12/25/2023", "in 1887", "the 1960s"."""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize import numwords
from litetts_cli.normalize.base import AIRLINE_CODE, alternation, guarded, load_json, spell_letters
from litetts_cli.normalize.options import NormalizeOptions

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
_MONTH_ABBR = {m[:3]: m for m in MONTHS} | {"Sept": "September"}
_MONTH_BY_NAME = {m: m for m in MONTHS} | _MONTH_ABBR
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_BY_NAME = {d: d for d in WEEKDAYS} | {d[:3]: d for d in WEEKDAYS} | {
    "Tues": "Tuesday", "Thur": "Thursday", "Thurs": "Thursday", "Weds": "Wednesday",
}  # fmt: skip

_MONTH = rf"(?:{alternation(list(MONTHS))}|(?:{alternation(list(_MONTH_ABBR))})\.?)"
_WEEKDAY = rf"(?:(?P<weekday>{alternation(list(_WEEKDAY_BY_NAME))})\.?,?\s+)?"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:[12][0-9]{3}|'[0-9]{2})"
_END = r"(?![0-9A-Za-z]|[.,:][0-9])"

_ERA = r"(?:B\.?C\.?E\.?|B\.?C\.?|A\.?D\.?|C\.?E\.?)(?![A-Za-z])"


def _build() -> re.Pattern[str]:
    month_day = (
        rf"{_WEEKDAY}(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY}){_END}"
        rf"(?:(?P<md_comma>,?)\s+(?P<md_year>{_YEAR}){_END})?"
    )
    day_month = (
        rf"{_WEEKDAY.replace('weekday', 'weekday2')}(?:the\s+)?(?P<dm_day>{_DAY})(?:\s+of)?\s+"
        rf"(?P<dm_month>{_MONTH})(?![A-Za-z])(?:,?\s+(?P<dm_year>{_YEAR}){_END})?"
    )
    month_year = rf"(?P<my_month>{alternation(list(MONTHS))}|(?:{alternation(list(_MONTH_ABBR))})\.)\s+(?P<my_year>[12][0-9]{{3}}){_END}"
    numeric = (
        r"(?P<n1>[0-9]{1,2})(?P<sep>[/.-])(?P<n2>[0-9]{1,2})(?P=sep)"
        r"(?P<n3>[0-9]{4}|(?<=/)[0-9]{2})(?![0-9]|[/.-][0-9])"
    )
    iso = r"(?P<iso_y>[12][0-9]{3})(?P<isep>[-/.])(?P<iso_m>0?[1-9]|1[0-2])(?P=isep)(?P<iso_d>0?[1-9]|[12][0-9]|3[01])(?![0-9])"
    decade = r"(?P<decade>[12][0-9]{2}0|'?[0-9]0)'?s(?![A-Za-z])"
    era = rf"(?P<era_year>[0-9]{{1,4}})\s?(?P<era>{_ERA})|(?P<era2>A\.?D\.?)\s?(?P<era2_year>[0-9]{{1,4}})"
    year_range = r"(?P<yr1>1[0-9]{3}|20[0-9]{2})\s?[-–]\s?(?P<yr2>1[0-9]{3}|20[0-9]{2}|[0-9]{2})(?![0-9])"
    year = r"(?P<year>1[1-9][0-9]{2}|20[0-9]{2}|10[0-9]{2})(?!,[0-9])"
    short_year = r"(?P<short_year>'[0-9]{2})(?:-(?P<short_to>[0-9]{1,2}))?(?![0-9'A-Za-z])"
    parts = [month_day, day_month, month_year, iso, numeric, era, decade, short_year, year_range, year]
    return re.compile(
        r"(?<![0-9A-Za-z$£€¥.,/:])(?<![0-9][-–])(?:"
        + "|".join(f"(?:{p})" for p in parts)
        + r")(?![0-9]|\.[0-9]|[x×][0-9])"
    )


_PATTERN = _build()
_WORD_BEFORE = re.compile(r"([A-Za-z]+[1-4]?\.?)[\s-]*$")
"""The word before a bare year, or a quarter or half ("Q3 2016", "H1 2024")."""
_LOWER_WORD_AFTER = re.compile(r"\s+[a-z]")


@lru_cache(maxsize=1)
def _year_cues() -> frozenset[str]:
    return frozenset(load_json("numbers.json")["year_before"])


@lru_cache(maxsize=1)
def _not_year_before() -> re.Pattern[str]:
    """The words (with an optional airline code) after which four digits are no year: "Flight 2005"."""
    words = alternation(load_json("numbers.json")["not_year_before"])
    return re.compile(rf"(?<![A-Za-z])(?i:{words})\s+(?:(?:{AIRLINE_CODE})\s?)?$")


def month_name(token: str) -> str:
    return _MONTH_BY_NAME[token.rstrip(".")]


def day_ordinal(token: str, british: bool = False) -> str:
    return numwords.ordinal(int(re.sub("[^0-9]", "", token)), british)


def year_words(token: str, british: bool = False) -> str:
    """``"2024"`` -> "twenty twenty-four"; ``"'99"`` or ``"99"`` -> "ninety-nine"."""
    digits = token.lstrip("'")
    if len(digits) == 2:
        return (
            f"oh {numwords.DIGITS[int(digits[1])]}"
            if digits.startswith("0")
            else numwords.cardinal(int(digits))
        )
    return numwords.year(int(digits), british)


def read_date(day: int | None, month: int | None, year: str | None, order: str, british: bool = False) -> str:
    """A calendar date in US ("March third, 2024") or day-first ("the third of March") style."""
    parts = []
    name = MONTHS[month - 1] if month else ""
    if day and name:
        day_words = numwords.ordinal(day, british)
        parts.append(f"the {day_words} of {name}" if order == "eu" else f"{name} {day_words}")
    elif name:
        parts.append(name)
    elif day:
        parts.append(f"the {numwords.ordinal(day, british)}")
    if year:
        words = year_words(year, british)
        parts.append(("," if day else "") + " " + words if parts else words)
    return "".join(parts)


def _numeric(first: int, second: int, year: str, order: str, sep: str, british: bool) -> str | None:
    if sep == ".":
        order = "eu"  # 25.12.2023 is day-first wherever it is written
    month, day = (first, second) if order == "us" else (second, first)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        month, day = day, month
        order = "eu" if order == "us" else "us"
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
    return read_date(day, month, year, order, british)


def _weekday(match: re.Match[str], group: str) -> str:
    name = match.group(group)
    return _WEEKDAY_BY_NAME[name] + ", " if name else ""


def _era(token: str) -> str:
    return spell_letters(token.replace(".", ""))


def expand_dates(text: str, options: NormalizeOptions) -> str:
    """Rewrite dates, years, decades and eras as words."""
    british = options.british
    cues = _year_cues()

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("md_month"):
            out = _weekday(m, "weekday") + f"{month_name(g('md_month'))} {day_ordinal(g('md_day'), british)}"
            if g("md_year"):
                out += f", {year_words(g('md_year'), british)}"
            return out
        if g("dm_month"):
            out = (
                _weekday(m, "weekday2")
                + f"the {day_ordinal(g('dm_day'), british)} of {month_name(g('dm_month'))}"
            )
            if g("dm_year"):
                out += f", {year_words(g('dm_year'), british)}"
            return out
        if g("my_month"):
            return f"{month_name(g('my_month'))} {year_words(g('my_year'), british)}"
        if g("iso_y"):
            return read_date(int(g("iso_d")), int(g("iso_m")), g("iso_y"), options.date_order, british)
        if g("n1"):
            read = _numeric(int(g("n1")), int(g("n2")), g("n3"), options.date_order, g("sep"), british)
            return read if read is not None else m.group(0)
        if g("era"):
            return f"{year_words(g('era_year'), british)} {_era(g('era'))}"
        if g("era2"):
            return f"{_era(g('era2'))} {year_words(g('era2_year'), british)}"
        if g("decade"):
            digits = g("decade").lstrip("'")
            if digits in ("00", "1000"):
                return "two thousands" if digits == "00" else "thousands"
            return numwords.decade(int(digits), british)
        if g("short_year"):
            # "in ’46", "the winter of ’46–7" (Walden), "the alumnae of ’08" (Babbitt)
            first = g("short_year")[1:]
            words = year_words(first, british)
            if g("short_to"):
                last = first[: 2 - len(g("short_to"))] + g("short_to")
                words += " to " + year_words(last, british)
            return words
        if g("yr1"):
            first, second = g("yr1"), g("yr2")
            if len(second) == 4 and int(second) <= int(first):
                return m.group(0)  # 2010-2005 is not a span of years; leave it to numbers
            return f"{year_words(first, british)} to {year_words(second, british)}"
        return _plain_year(m, cues, british)

    return _PATTERN.sub(guarded(replace, options.strict), text)


def _plain_year(m: re.Match[str], cues: frozenset[str], british: bool) -> str:
    """A bare four-digit number is a year after a cue word, or when no noun follows it."""
    value = m.group("year")
    if _not_year_before().search(m.string, max(0, m.start() - 20), m.start()):
        return value  # a flight number, read by the numbers step
    before = _WORD_BEFORE.search(m.string, max(0, m.start() - 20), m.start())
    if before and before.group(1).lower() in cues:
        return numwords.year(int(value), british)
    if int(value) >= 1500 and not _LOWER_WORD_AFTER.match(m.string, m.end()):
        return numwords.year(int(value), british)
    return value


__all__ = ["MONTHS", "WEEKDAYS", "expand_dates", "read_date", "year_words"]
