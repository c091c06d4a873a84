"""What Japanese and Chinese normalization share: full-width digits, thousands commas,
numeric dates, and the language codes that select them."""

from __future__ import annotations

import re
from typing import Callable

_WIDTH = str.maketrans(
    "０１２３４５６７８９．，：／％＄￥－＋",
    "0123456789.,:/%$¥-+",
)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_PHONE = re.compile(r"(?<![\d-])\d{2,4}(?:-\d{3,8}){1,2}(?![\d-])")
_DIGIT_STRING = re.compile(r"(?<![\d.])(?:0\d{2,}|\d{11,})(?![\d.])")
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d/.-])")

CJK_LANGUAGES = {"ja": "ja", "jp": "ja", "zh": "zh", "cmn": "zh"}
"""Language code (its first part) -> the CJK normalizer that serves it."""


def cjk_language(language: str) -> str | None:
    """``ja`` or ``zh`` for a language code such as ``ja-JP``, ``cmn`` or ``zh-CN``."""
    first = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
    return CJK_LANGUAGES.get(first)


def fold_width(text: str) -> str:
    """Full-width digits and number signs as ASCII (``２０２４年`` -> ``2024年``)."""
    return text.translate(_WIDTH)


def drop_thousands_commas(text: str) -> str:
    """``1,234,567`` -> ``1234567``: CJK numerals group by ten thousands, not thousands."""
    return _THOUSANDS.sub("", text)


def dates_to_ymd(text: str) -> str:
    """``2024-03-05`` and ``2024/3/5`` -> ``2024年3月5日``, the way CJK text says dates.
    (``3/5`` alone stays: it is as often a fraction.)"""

    def ymd(m: re.Match[str]) -> str:
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return m.group(0)
        return f"{year}年{month}月{day}日"

    return _NUMERIC_DATE.sub(ymd, text)


def digit_strings(text: str, read_digits: Callable[[str], str]) -> str:
    """Phone numbers (``010-1234-5678``), numbers with a leading zero and runs of 11 or
    more digits are identifiers, read digit by digit with ``read_digits``; hyphenated
    groups are kept apart by a space."""
    text = _PHONE.sub(lambda m: " ".join(read_digits(g) for g in m.group(0).split("-")), text)
    return _DIGIT_STRING.sub(lambda m: read_digits(m.group(0)), text)


__all__ = ["CJK_LANGUAGES", "cjk_language", "dates_to_ymd", "digit_strings", "drop_thousands_commas", "fold_width"]
