"""Chinese numbers, dates, times, money and units, written out in Chinese numerals.

cn2an does most of the work (``an2cn``: 3.5 -> 三点五, 50% -> 百分之五十, 2024年 ->
二零二四年, -3 -> 负三), as in the pipeline Kokoro was trained with. Before it runs,
this module handles what cn2an reads wrongly or not at all: thousands commas, numeric
dates, clock times, currency symbols, Latin unit symbols, 两 for a lone 2 before a
measure word, and long digit strings (phone numbers) read digit by digit. The word
lists are data (``data/zh.json``).
"""

from __future__ import annotations

import re
from functools import cache

from litetts_cli.errors import G2PError
from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.cjk import dates_to_ymd, digit_strings, drop_thousands_commas, fold_width
from litetts_cli.normalize.options import NormalizeOptions

_DIGITS = "零一二三四五六七八九"
_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?(?![\d:])")


@cache
def _data() -> dict:
    return load_json("zh.json")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    data = _data()
    money = re.compile("(" + alternation(list(data["currencies"])) + r")\s?(\d+)(?:\.(\d{1,2}))?(?!\d)")
    unit = re.compile(r"(\d+(?:\.\d+)?)\s?(" + alternation(list(data["units"])) + r")(?![A-Za-z])")
    two = re.compile(r"(?<![\d.])2(?=" + alternation(data["measure_words"]) + ")")
    return money, unit, two


def _cn2an():
    try:
        import cn2an
    except ImportError as exc:
        raise G2PError(
            f"Chinese numbers need cn2an, which is not installed ({exc.name})",
            hint="pip install 'litetts[zh]' (make install includes it)",
        ) from None
    return cn2an


def chinese_number(number: str) -> str:
    """``15`` -> 十五, ``3.5`` -> 三点五 (cn2an's reading)."""
    return _cn2an().an2cn(number)


def expand_chinese(text: str, options: NormalizeOptions) -> str:
    """Numbers, dates, times, money, percentages and units in Chinese text.

    Order matters: dates, times, money and units claim their digits first; phone-like
    digit strings are read one by one; 两 replaces a lone 2 before a measure word; cn2an
    then converts every number left, with its own rules for years and percentages.
    """
    text = text.replace("〇", "零")  # the ideographic zero, which pypinyin leaves unread
    if not any(c.isdigit() for c in text):
        return text
    money, unit, two = _patterns()
    text = drop_thousands_commas(fold_width(text))
    text = dates_to_ymd(text)
    text = _TIME.sub(guarded(_time, options.strict), text)
    text = money.sub(guarded(_money, options.strict), text)
    text = unit.sub(guarded(lambda m: m.group(1) + _data()["units"][m.group(2)], options.strict), text)
    text = digit_strings(text, _digit_by_digit)
    text = two.sub("两", text)
    try:
        return _cn2an().transform(text, "an2cn")
    except G2PError:
        raise
    except Exception:
        if options.strict:
            raise
        # cn2an gave up on this text; the phonemizer runs it again on what is left.
        return text


def _digit_by_digit(digits: str) -> str:
    return "".join(_DIGITS[int(d)] for d in digits)


def _time(m: re.Match[str]) -> str:
    hour, minute, second = int(m.group(1)), int(m.group(2)), m.group(3)
    spoken = ("两" if hour == 2 else chinese_number(str(hour))) + "点"
    if minute:
        spoken += ("零" if minute < 10 else "") + chinese_number(str(minute)) + "分"
    if second and int(second):
        spoken += chinese_number(str(int(second))) + "秒"
    return spoken


def _money(m: re.Match[str]) -> str:
    unit = _data()["currencies"][m.group(1)]
    if m.string.startswith(unit, m.end()) or m.string.startswith(" " + unit, m.end()):
        # "¥1200元" already says its unit after the number.
        return chinese_number(m.group(0)[1:].strip())
    spoken = chinese_number(m.group(2)) + unit
    cents = (m.group(3) or "").ljust(2, "0")
    if unit == "元" and int(cents):
        jiao, fen = int(cents[0]), int(cents[1])
        spoken += (_DIGITS[jiao] + "角" if jiao else "零" if fen else "") + (_DIGITS[fen] + "分" if fen else "")
    elif int(cents):
        spoken = chinese_number(f"{m.group(2)}.{m.group(3)}") + unit
    return spoken


__all__ = ["chinese_number", "expand_chinese"]
