"""Numbers, ordinals, dates, times, money, percentages, units and abbreviations in
Spanish, French, Italian, Brazilian Portuguese and Hindi (issue 18).

One grammar for all five, driven by ``data/lang_<code>.json``: separators, month names,
currencies, templates for dates and times, abbreviation tables. Number words come from
:mod:`languages` (num2words, or our Hindi table). The steps run in the same order as
the English ones, specific before general, so money and dates claim their digits first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from litetts_cli.normalize.base import alternation, ends_sentence, guarded, load_json
from litetts_cli.normalize.languages import base_language, cardinal, cardinal_for, ordinal, year
from litetts_cli.normalize.options import NormalizeOptions
from litetts_cli.normalize.roman import roman_value

LANGUAGES = ("es", "fr", "it", "pt", "hi")
"""Languages with their own reading rules here; others get plain numbers only."""

_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_NB = r"(?<![\w.,/])"
_NE = r"(?![\w/]|[.,]\d)"


@dataclass(frozen=True)
class _Rules:
    language: str
    data: dict
    number: str
    """Regex for a number as the language writes it (thousands and decimal separators)."""
    money: re.Pattern[str]
    percent: re.Pattern[str]
    numeric_date: re.Pattern[str]
    text_date: re.Pattern[str]
    time: re.Pattern[str]
    ordinal: re.Pattern[str] | None
    unit: re.Pattern[str]
    abbreviation: re.Pattern[str]
    before_number: re.Pattern[str]
    plain: re.Pattern[str]
    range: re.Pattern[str]


@lru_cache(maxsize=8)
def _rules(language: str) -> _Rules:
    data = load_json(f"lang_{language}.json")
    dec = re.escape(data["decimal"])
    groups = "|".join(re.escape(c) for c in data["thousands"])
    if language == "hi":  # Indian grouping: 1,25,000 as well as 125,000
        integer = r"[0-9]{1,3}(?:,[0-9]{2})*,[0-9]{3}|[0-9]+"
    else:
        integer = rf"[0-9]{{1,3}}(?:(?:{groups})[0-9]{{3}})+|[0-9]+"
    number = rf"(?:{integer})(?:{dec}[0-9]+)?"
    symbols = alternation(list(data["currencies"]))
    months = _months(data)
    marks = data.get("ordinal_marks", {})
    ordinal_re = None
    if marks:
        ordinal_re = re.compile(rf"{_NB}(?P<n>[0-9]{{1,4}})(?P<mark>{alternation(list(marks))})(?![^\W\d_])")
    abbreviations = data["abbreviations"]
    return _Rules(
        language=language,
        data=data,
        number=number,
        money=re.compile(
            rf"(?<![\w$])(?:(?P<sym>{symbols})[ \t]?(?P<num>{number})|(?P<num2>{number})[ \t]?(?P<sym2>{symbols}))(?![\w$])"
        ),
        percent=re.compile(rf"{_NB}(?P<num>{number})[ \t]?%"),
        numeric_date=re.compile(r"(?<![\w/.-])(?P<d>[0-9]{1,2})([/.-])(?P<m>[0-9]{1,2})\2(?P<y>[0-9]{4})(?![\w/-])"),
        text_date=re.compile(
            rf"{_NB}(?P<d>[0-9]{{1,2}})(?:º|°|er)?[ \t]+(?:de[ \t]+)?(?P<month>{alternation(list(months))})"
            rf"(?:,?[ \t]+(?:de[ \t]+)?(?P<y>[0-9]{{4}}))?(?![\w])",
            re.IGNORECASE,
        ),
        time=re.compile(
            r"(?<![\w:.,])(?P<h>[01]?[0-9]|2[0-3])(?:[:](?P<m>[0-5][0-9])|[ \t]?h[ \t]?(?P<hm>[0-5][0-9])?)(?![\w:])"
        ),
        ordinal=ordinal_re,
        unit=re.compile(rf"{_NB}(?P<num>{number})[ \t]?(?P<unit>{alternation(list(data['units']))})(?![\w/])"),
        abbreviation=re.compile(rf"(?<![\w.])(?P<key>{alternation(list(abbreviations))})(?![\w])"),
        before_number=re.compile(
            rf"(?<![\w.])(?P<key>{alternation(list(data['before_number']))})[ \t]?(?=[0-9])"
        ),
        plain=re.compile(rf"(?P<neg>(?<![\w.,-])-)?{_NB}(?P<num>{number}){_NE}"),
        range=re.compile(rf"(?<!\[){_NB}(?P<a>{number})[ \t]?[-–][ \t]?(?P<b>{number}){_NE}"),
    )


def _months(data: dict) -> dict[str, int]:
    """Month name (lower case, other spellings too) -> 0-based month number."""
    months = {m.lower(): i for i, m in enumerate(data["months"])}
    months.update({k.lower(): v for k, v in data.get("month_aliases", {}).items()})
    return months


def _parse(number: str, rules: _Rules) -> tuple[int, str]:
    """``"1.234,56"`` -> ``(1234, "56")`` in a comma-decimal language."""
    whole, _, fraction = number.partition(rules.data["decimal"])
    digits = re.sub(r"[^0-9]", "", whole)
    return int(digits or "0"), fraction


def _digits(text: str, language: str) -> str:
    return " ".join(cardinal(int(c), language) for c in text)


def read_number(number: str, rules: _Rules, gender: str = "m", before_noun: bool = False) -> str:
    """A written number in words: "3,5" -> "tres coma cinco", "1.000.000" -> "un millón"."""
    whole, fraction = _parse(number, rules)
    language = rules.language
    if len(str(whole)) > 15:
        return _digits(str(whole), language)
    if language == "hi" and 1100 <= whole <= 1999 and not fraction:
        return year(whole, language)  # "पंद्रह सौ": Hindi says 1100-1999 in hundreds
    words = cardinal_for(whole, language, gender, before_noun and not fraction)
    if not fraction:
        return words
    if language == "hi" or fraction.startswith("0") or len(fraction) > 2:
        tail = _digits(fraction, language)
    else:
        tail = cardinal(int(fraction), language)
    return f"{cardinal_for(whole, language, gender)} {rules.data['decimal_word']} {tail}"


def _counted(number: str, single: str, plural: str, gender: str, rules: _Rules) -> str:
    """ "1" "euro" -> "un euro"; "2000000" -> "dos millones de euros"."""
    whole, fraction = _parse(number, rules)
    words = read_number(number, rules, gender, before_noun=True)
    noun = single if whole == 1 and not fraction else plural
    if rules.data["million_words"] and not fraction and words.split(" ")[-1] in rules.data["million_words"]:
        of = rules.data["of"]
        if of == "de" and rules.language == "fr" and noun[:1] in "aeiouéh":
            return f"{words} d'{noun}"
        return f"{words} {of} {noun}"
    return f"{words} {noun}"


_ROMAN_ORDINAL = re.compile(r"(?<![\w])(?P<roman>[IVX][IVXLC]{0,6}|[LC][IVXLC]{1,6})(?P<mark>er|re|ère|e|ème)(?![\w])")
"""French centuries and rank: "XIXe siècle" -> "dix-neuvième siècle", "Ier" -> "premier"."""
_REGNAL = re.compile(r"(?<![\w])(?P<name>[A-ZÀ-Ý][a-zà-ÿ]{2,})[ \t]+(?P<roman>[IVXL]{1,6})(?![\w'])")
"""A name and a roman numeral: "Luis XIV", "Felipe II", "Louis XIV", "Pedro II"."""
_CENTURY = re.compile(r"(?<![\w])(?P<word>[Ss]iglo|[Ss]éculo|[Cc]apítulo|[Tt]omo)[ \t]+(?P<roman>[IVXLC]{1,7})(?![\w])")
"""Spanish and Portuguese count centuries and chapters: "siglo XX" -> "siglo veinte"."""
_NOUN = re.compile(r"[ \t]+(?P<word>[^\W\d_]+)")


def _regnal_number(value: int, language: str) -> str:
    """French kings are counted ("Louis quatorze", but "François premier"); Italian ones
    ranked ("Luigi quattordicesimo"); Spanish and Portuguese ranked up to ten, then counted."""
    if language == "fr":
        return "premier" if value == 1 else cardinal(value, language)
    if language == "it" or value <= 10:
        return ordinal(value, language)
    return cardinal(value, language)


def _noun_after(text: str, end: int, language: str) -> tuple[str, bool]:
    """(gender, before a noun) for a number followed by a word: Spanish, Portuguese and
    Italian numbers agree ("una casa", "duas casas", "veintiún años"); a verb or a
    function word after it is not a noun ("1 es", "5 y 6")."""
    if language not in ("es", "pt", "it"):
        return "m", False
    m = _NOUN.match(text, end)
    if not m:
        return "m", False
    word = m.group("word").lower()
    if word in _rules(language).data.get("not_nouns", ()):
        return "m", False
    feminine = word.endswith(("a", "as", "ión", "iones", "dad", "dades", "ção", "ções", "ade", "ades"))
    if language == "it":
        feminine = word.endswith(("a", "e")) and not word.endswith(("ore", "ale", "ile", "ente", "one", "ome"))
        feminine = feminine and not word.endswith("i")
    return ("f" if feminine else "m"), True


def _money(rules: _Rules):
    currencies = rules.data["currencies"]

    def replace(m: re.Match[str]) -> str:
        symbol = m.group("sym") or m.group("sym2")
        number = m.group("num") or m.group("num2")
        single, plural, minor_single, minor_plural, gender = currencies[symbol]
        whole, fraction = _parse(number, rules)
        if not fraction or not minor_single or len(fraction) != 2:
            return _counted(number, single, plural, gender, rules)
        major = _counted(str(whole), single, plural, gender, rules)
        cents = int(fraction)
        if cents == 0:
            return major
        minor = _counted(str(cents), minor_single, minor_plural, "m", rules)
        link = rules.data["money_link"]
        return f"{major} {link} {minor}" if link else f"{major} {minor}"

    return replace


def _date(rules: _Rules, day: int, month: int, year_number: int | None) -> str:
    data = rules.data
    day_words = data["day_one"] if day == 1 else cardinal(day, rules.language)
    if year_number is None:
        return f"{day_words} {data['month_link']}{data['months'][month]}"
    return data["date"].format(day=day_words, month=data["months"][month], year=year(year_number, rules.language))


def _time(rules: _Rules, hour: int, minute: int | None, with_h: bool) -> str:
    data = rules.data
    hour_words = cardinal_for(hour, rules.language, "f")
    if minute is None or minute == 0:
        if hour == 1 and "time_one_hour" in data:
            return data["time_one_hour"]
        return (data["time_h_oclock"] if with_h and minute is None else data["time_oclock"]).format(hour=hour_words)
    text = data["time"].format(hour=hour_words, minute=cardinal(minute, rules.language))
    if hour == 1 and rules.language == "fr":
        text = text.replace("une heures", "une heure")
    return text


def expand_foreign(text: str, options: NormalizeOptions) -> str:
    """Rewrite numbers, dates, times, money and abbreviations in the text's language."""
    language = base_language(options.language)
    rules = _rules(language)
    strict = options.strict
    data = rules.data
    months = _months(data)
    if language == "hi":
        text = text.translate(_DEVANAGARI_DIGITS)

    def abbreviation(m: re.Match[str]) -> str:
        key = m.group("key")
        spoken = data["abbreviations"][key]
        needs_name = not key.endswith(".") or (len(key) == 2 and key[0].isupper())
        if needs_name and not re.match(r"[ \t]+[A-ZÀ-Ý]", m.string[m.end():]):
            return key
        # The period also ends the sentence after "etc." before a capital, but never after a
        # title ("Sr. García"); at the end of a line it always does.
        at_line_end = re.match(r"[ \t]*(?:\n|$)", m.string[m.end():]) is not None
        keep = key.endswith(".") and (at_line_end or (key[0].islower() and ends_sentence(m.string, m.end())))
        return spoken + "." if keep else spoken

    def before_number(m: re.Match[str]) -> str:
        return data["before_number"][m.group("key")] + " "

    def numeric_date(m: re.Match[str]) -> str:
        day, month = int(m.group("d")), int(m.group("m"))
        if not (1 <= day <= 31 and 1 <= month <= 12):
            return m.group(0)
        return _date(rules, day, month - 1, int(m.group("y")))

    def text_date(m: re.Match[str]) -> str:
        day = int(m.group("d"))
        if not 1 <= day <= 31:
            return m.group(0)
        month = months[m.group("month").lower()]
        spoken = _date(rules, day, month, int(m.group("y")) if m.group("y") else None)
        written = m.group("month")
        return spoken.replace(data["months"][month], written, 1) if written[0].isupper() else spoken

    def time(m: re.Match[str]) -> str:
        minute = m.group("m") or m.group("hm")
        with_h = m.group("m") is None
        if with_h and language not in ("fr", "pt"):
            return m.group(0)  # "5h" is a unit of time elsewhere; let the units step read it
        return _time(rules, int(m.group("h")), int(minute) if minute else None, with_h)

    def percent(m: re.Match[str]) -> str:
        return f"{read_number(m.group('num'), rules)} {data['percent']}"

    def ordinal_mark(m: re.Match[str]) -> str:
        n, mark = int(m.group("n")), m.group("mark")
        kind = data["ordinal_marks"][mark]
        if language == "hi":
            irregular = str(n) in data.get("ordinals_irregular", {})
            if mark in ("वाँ", "वां", "वीं", "वें") or irregular:
                return ordinal(n, language, kind)
            return m.group(0)
        if kind == "apocope":
            words = ordinal(n, language)
            return re.sub(r"(primer|tercer)o$", r"\1", words)
        if kind in ("second", "seconde"):
            return kind if n == 2 else m.group(0)
        return ordinal(n, language, kind)

    def unit(m: re.Match[str]) -> str:
        single, plural = data["units"][m.group("unit")]
        return _counted(m.group("num"), single, plural, "m", rules)

    def plain(m: re.Match[str]) -> str:
        gender, before_noun = _noun_after(m.string, m.end(), language)
        words = read_number(m.group("num"), rules, gender, before_noun)
        return f"{data['minus']} {words}" if m.group("neg") else words

    def number_range(m: re.Match[str]) -> str:
        """ "10-20" -> "diez a veinte", "दस से बीस"."""
        return f"{read_number(m.group('a'), rules)} {data['range']} {read_number(m.group('b'), rules)}"

    def regnal(m: re.Match[str]) -> str:
        value = roman_value(m.group("roman"))
        if not value or value == 1 and m.group("roman") == "I" and language != "fr":
            return m.group(0)
        return f"{m.group('name')} {_regnal_number(value, language)}"

    def century(m: re.Match[str]) -> str:
        value = roman_value(m.group("roman"))
        return f"{m.group('word')} {cardinal(value, language)}" if value else m.group(0)

    def roman_ordinal(m: re.Match[str]) -> str:
        value = roman_value(m.group("roman"))
        if not value:
            return m.group(0)
        return ordinal(value, language, "f" if m.group("mark") in ("re", "ère") else "m")

    text = rules.abbreviation.sub(guarded(abbreviation, strict), text)
    if language != "hi":
        text = _ROMAN_ORDINAL.sub(guarded(roman_ordinal, strict), text) if language == "fr" else text
        text = _REGNAL.sub(guarded(regnal, strict), text)
        if language in ("es", "pt"):
            text = _CENTURY.sub(guarded(century, strict), text)
    text = rules.before_number.sub(guarded(before_number, strict), text)
    text = rules.money.sub(guarded(_money(rules), strict), text)
    text = rules.percent.sub(guarded(percent, strict), text)
    text = rules.numeric_date.sub(guarded(numeric_date, strict), text)
    text = rules.text_date.sub(guarded(text_date, strict), text)
    text = rules.time.sub(guarded(time, strict), text)
    if language == "hi":
        text = text.replace("मिनट बजे", "मिनट").replace("बजे बजे", "बजे")
    if rules.ordinal is not None:
        text = rules.ordinal.sub(guarded(ordinal_mark, strict), text)
    text = rules.unit.sub(guarded(unit, strict), text)
    text = rules.range.sub(guarded(number_range, strict), text)
    return rules.plain.sub(guarded(plain, strict), text)


__all__ = ["LANGUAGES", "expand_foreign", "read_number"]
