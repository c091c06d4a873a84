"""Japanese numbers, dates, times, money and counters, written out for the phonemizer.

The Japanese frontend (MeCab with unidic-lite) reads kanji numerals well (二千二十四,
三百 = サンビャク) but guesses counters badly on its own: 四月 comes out ヨンガツ, 一本
イチポン, 五日 as a bare number. So digits become kanji numerals, and a number before a
counter whose sound changes (本, 分, 日, 月, 人...) becomes that counter's reading in
katakana, which the frontend reads as written (3本 -> サンボン). The counters are data
(``data/ja_counters.json``).
"""

from __future__ import annotations

import re
from functools import cache

from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.cjk import dates_to_ymd, digit_strings, drop_thousands_commas, fold_width
from litetts_cli.normalize.options import NormalizeOptions

_DIGITS = "〇一二三四五六七八九"
_DIGIT_NAMES = ("ゼロ", *_DIGITS[1:])
_SMALL_UNITS = ((1000, "千"), (100, "百"), (10, "十"))
_LARGE_UNITS = ((10**16, "京"), (10**12, "兆"), (10**8, "億"), (10**4, "万"))
_CURRENCIES = {"¥": "円", "$": "ドル", "€": "ユーロ", "£": "ポンド"}

_TIME = re.compile(r"(?<![\d:])([01]?\d|2[0-4]):([0-5]\d)(?::([0-5]\d))?(?![\d:])")
_MONEY = re.compile(r"([¥$€£])\s?(\d+)(?:\.(\d{1,2}))?(?!\d)")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?%")
_FRACTION = re.compile(r"(?<![\d.])(\d+)分の(\d+)")
_NEGATIVE = re.compile(r"(?<![\dA-Za-z])[-−](?=\d)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_RANGE = re.compile(r"(?<=\d)\s*[〜～~]\s*(?=\d)")


def kanji_number(n: int) -> str:
    """A whole number in kanji numerals as Japanese reads it: 2024 -> 二千二十四,
    10000 -> 一万, 0 -> ゼロ."""
    if n == 0:
        return "ゼロ"
    if n < 0:
        return "マイナス" + kanji_number(-n)
    out = []
    for value, unit in _LARGE_UNITS:
        if n >= value:
            out.append(_below_10000(n // value) + unit)
            n %= value
    if n:
        out.append(_below_10000(n))
    return "".join(out)


def _below_10000(n: int) -> str:
    out = []
    for value, unit in _SMALL_UNITS:
        digit, n = divmod(n, value)
        if digit:
            # 千, 百 and 十 take no 一 (百, not 一百); 一万 keeps it, above.
            out.append(("" if digit == 1 else _DIGITS[digit]) + unit)
    if n:
        out.append(_DIGITS[n])
    return "".join(out)


def decimal_number(text: str) -> str:
    """``3.14`` -> 三点一四: digits after the point are read one by one."""
    whole, _, fraction = text.partition(".")
    spoken = kanji_number(int(whole))
    if fraction:
        spoken += "点" + "".join(_DIGIT_NAMES[int(d)] for d in fraction)
    return spoken


@cache
def _counters() -> dict:
    return {k: v for k, v in load_json("ja_counters.json").items() if not k.startswith("_")}


@cache
def _units() -> dict[str, str]:
    return {k: v for k, v in load_json("ja_units.json").items() if not k.startswith("_")}


@cache
def _unit_pattern() -> re.Pattern[str]:
    return re.compile(r"(\d+(?:\.\d+)?)\s?(" + alternation(list(_units())) + r")(?![A-Za-z])")


@cache
def _counter_pattern() -> re.Pattern[str]:
    return re.compile(r"(?<![\d.])(\d+)(" + alternation(list(_counters())) + ")")


def counter_reading(n: int, counter: str, previous: str = "") -> str:
    """``n`` and its counter as spoken (3, 本 -> サンボン; 11, 本 -> 十イッポン).

    ``previous`` is the text just before the number: 1日 after a month is ついたち (the
    first), otherwise いちにち (one day).
    """
    entry = _counters()[counter]
    small = entry["small"]
    special = entry.get("special", {})
    if counter == "日" and n == 1 and not previous.endswith("月"):
        return "イチニチ"
    if str(n) in special:
        return special[str(n)]
    if 1 <= n <= 10:
        return small[n - 1]
    if not entry["compose"] or n == 0:
        return kanji_number(n) + entry["unit"]
    rest = n % 100
    head = n - rest
    if rest == 0:
        return kanji_number(n) + counter
    if rest % 10 == 0:
        tens = "" if rest == 10 else _DIGITS[rest // 10]
        return (kanji_number(head) if head else "") + tens + small[9]
    if rest < 10:
        return kanji_number(head) + small[rest - 1]
    return kanji_number(n - rest % 10) + small[rest % 10 - 1]


def expand_japanese(text: str, options: NormalizeOptions) -> str:
    """Numbers, dates, times, money, percentages and counters in Japanese text.

    Order matters: dates and times become 年月日 and 時分 first, so the counter step
    reads them; money, percentages and units claim their numbers before the plain
    number step, which takes whatever digits are left. A range (3〜5人) reads から.
    """
    if not any(c.isdigit() for c in text):
        return text
    text = drop_thousands_commas(fold_width(text))
    text = dates_to_ymd(text)
    text = digit_strings(text, lambda digits: "".join(_DIGIT_NAMES[int(d)] for d in digits))
    text = _TIME.sub(guarded(_time, options.strict), text)
    text = _MONEY.sub(guarded(_money, options.strict), text)
    text = _PERCENT.sub(guarded(lambda m: decimal_number(m.group(1)) + "パーセント", options.strict), text)
    text = _FRACTION.sub(
        guarded(lambda m: kanji_number(int(m.group(1))) + "分の" + kanji_number(int(m.group(2))), options.strict),
        text,
    )
    text = _RANGE.sub("から", text)
    text = _unit_pattern().sub(guarded(lambda m: decimal_number(m.group(1)) + _units()[m.group(2)], options.strict), text)
    text = _NEGATIVE.sub("マイナス", text)
    text = _counter_pattern().sub(
        guarded(lambda m: counter_reading(int(m.group(1)), m.group(2), m.string[: m.start()]), options.strict),
        text,
    )
    return _NUMBER.sub(guarded(lambda m: decimal_number(m.group(0)), options.strict), text)


def _time(m: re.Match[str]) -> str:
    hour, minute, second = int(m.group(1)), int(m.group(2)), m.group(3)
    spoken = f"{hour}時"
    if minute:
        spoken += f"{minute}分"
    if second and int(second):
        spoken += f"{int(second)}秒"
    return spoken


def _money(m: re.Match[str]) -> str:
    unit = _CURRENCIES[m.group(1)]
    amount = f"{m.group(2)}{unit}" if unit == "円" else kanji_number(int(m.group(2))) + unit
    cents = m.group(3)
    if cents and int(cents):
        cents = cents.ljust(2, "0")
        amount += kanji_number(int(cents)) + ("セント" if unit in ("ドル", "ユーロ") else "ペンス")
    return amount


__all__ = ["counter_reading", "decimal_number", "expand_japanese", "kanji_number"]
