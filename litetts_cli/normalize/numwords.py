"""English readings of numbers: cardinals, ordinals, years, decimals, digits, fractions.

num2words does the spelling; this module decides the style a listener expects (no
commas inside a number, "and" only in British English, "oh" for zero in codes).
"""

from __future__ import annotations

from functools import lru_cache

from num2words import num2words

DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
MAX_CARDINAL = 10**36  # num2words' English limit
MAX_PLAIN_DIGITS = 9  # a longer run of digits without separators is an id, read digit by digit


@lru_cache(maxsize=4096)
def cardinal(n: int, british: bool = False) -> str:
    """``1234`` -> ``"one thousand two hundred thirty-four"``."""
    if abs(n) >= MAX_CARDINAL:
        sign = "minus " if n < 0 else ""
        return sign + digits(str(abs(n)))
    words = num2words(n, lang="en").replace(",", "")
    if not british:
        words = words.replace(" and ", " ")
    return words


@lru_cache(maxsize=2048)
def ordinal(n: int, british: bool = False) -> str:
    """``42`` -> ``"forty-second"``."""
    if abs(n) >= MAX_CARDINAL:
        return digits(str(abs(n)))
    words = num2words(n, lang="en", to="ordinal").replace(",", "")
    if not british:
        words = words.replace(" and ", " ")
    return words


def digits(text: str, zero: str = "zero") -> str:
    """``"907"`` -> ``"nine zero seven"``; other characters are dropped."""
    return " ".join(zero if c == "0" else DIGITS[int(c)] for c in text if "0" <= c <= "9")


def year(n: int, british: bool = False) -> str:
    """A year as people say it: 1887 "eighteen eighty-seven", 2004 "two thousand four"."""
    if n < 1000 or n >= 10000 or n % 1000 == 0 or 2000 < n < 2010:
        return cardinal(n, british)
    high, low = divmod(n, 100)
    if low == 0:
        return f"{cardinal(high)} hundred"
    if low < 10:
        return f"{cardinal(high)} oh {DIGITS[low]}"
    return f"{cardinal(high)} {cardinal(low)}"


def plural_words(words: str) -> str:
    """Pluralize the last number word: "nineteen sixty" -> "nineteen sixties"."""
    head, _, last = words.rpartition(" ")
    head = head + " " if head else ""
    if last.endswith("y"):
        return head + last[:-1] + "ies"
    if last.endswith("x"):
        return head + last + "es"
    return head + last + "s"


def decade(n: int, british: bool = False) -> str:
    """``1960`` -> ``"nineteen sixties"``, ``90`` -> ``"nineties"``, ``2000`` -> ``"two thousands"``."""
    return plural_words(year(n, british) if n >= 100 else cardinal(n, british))


def plain_number(text: str, british: bool = False) -> str:
    """A written number (commas, a decimal point) as words: ``"1,234.5"`` -> "... point five"."""
    grouped = "," in text
    text = text.replace(",", "")
    whole, dot, fraction = text.partition(".")
    if not whole and not fraction:
        return ""
    if len(whole) > MAX_PLAIN_DIGITS and not grouped:
        words = digits(whole)
    else:
        words = cardinal(int(whole), british) if whole else ""
    if dot and fraction:
        words = f"{words} point {digits(fraction)}".strip()
    return words


def integer_or_digits(text: str, british: bool = False) -> str:
    """A bare digit run: leading zero or very long -> digit by digit, otherwise a cardinal."""
    if (len(text) > 1 and text.startswith("0")) or len(text) > MAX_PLAIN_DIGITS:
        return digits(text)
    return cardinal(int(text), british)


def is_one(text: str) -> bool:
    """Whether a written amount takes a singular noun ("1 mile", not "1.0 miles")."""
    return text.replace(",", "") in ("1", "-1")


_FRACTION_NAMES = {2: ("half", "halves"), 4: ("quarter", "quarters")}


def fraction(numerator: int, denominator: int, british: bool = False) -> str:
    """``3, 4`` -> ``"three quarters"``; a proper fraction with a denominator over 100
    or an improper one reads "n over d"."""
    if denominator == 0 or numerator >= denominator or denominator > 100:
        return f"{cardinal(numerator, british)} over {cardinal(denominator, british)}"
    if denominator in _FRACTION_NAMES:
        single, many = _FRACTION_NAMES[denominator]
    else:
        single = ordinal(denominator, british)
        many = single + "s"
    if numerator == 1:
        return f"one {single}"
    return f"{cardinal(numerator, british)} {many}"


def mixed_fraction(whole: int, numerator: int, denominator: int, british: bool = False) -> str:
    """``2, 1, 2`` -> ``"two and a half"``; ``2, 3, 4`` -> ``"two and three quarters"``."""
    part = fraction(numerator, denominator, british)
    if numerator == 1 and numerator < denominator <= 100:
        part = "a " + part.split(" ", 1)[1]
    return f"{cardinal(whole, british)} and {part}"


def paired(text: str) -> str:
    """Flight and model numbers: "907" -> "nine oh seven", "1234" -> "twelve thirty-four"."""
    if len(text) <= 2 and not (len(text) == 2 and text.startswith("0")):
        return cardinal(int(text))
    if len(text) == 3:
        return f"{DIGITS[int(text[0])]} {paired_pair(text[1:])}"
    if len(text) == 4 and not text.startswith("0"):
        return f"{cardinal(int(text[:2]))} {paired_pair(text[2:])}"
    return digits(text, zero="oh")


def paired_pair(two: str) -> str:
    if two == "00":
        return "hundred"
    if two.startswith("0"):
        return f"oh {DIGITS[int(two[1])]}"
    return cardinal(int(two))


def version_part(text: str) -> str:
    """A component of a version number: "0" -> "oh", "05" -> "oh five", "11" -> "eleven"."""
    if text == "0":
        return "oh"
    if text.startswith("0"):
        return digits(text, zero="oh")
    return integer_or_digits(text)


__all__ = [
    "cardinal",
    "decade",
    "digits",
    "fraction",
    "integer_or_digits",
    "is_one",
    "mixed_fraction",
    "ordinal",
    "paired",
    "plain_number",
    "plural_words",
    "version_part",
    "year",
]
