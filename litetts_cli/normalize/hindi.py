"""Hindi number words, in the Indian system: 1,25,000 is "एक लाख पच्चीस हज़ार"."""

from __future__ import annotations

from functools import lru_cache

from litetts_cli.normalize.base import load_json


@lru_cache(maxsize=4096)
def hindi_cardinal(n: int) -> str:
    """``25`` -> "पच्चीस", ``1947`` -> "एक हज़ार नौ सौ सैंतालीस", ``-3`` -> "ऋण तीन"."""
    data = load_json("hi_numbers.json")
    if n < 0:
        return f"{data['minus']} {hindi_cardinal(-n)}"
    units: list[str] = data["units"]
    if n < 100:
        return units[n]
    parts = []
    for scale, word in data["scales"]:
        if n >= scale:
            count, n = divmod(n, scale)
            parts.append(f"{hindi_cardinal(count)} {word}")
    if n:
        parts.append(units[n])
    return " ".join(parts)


def hindi_digits(text: str) -> str:
    """Digits one by one: "0712" -> "शून्य सात एक दो"."""
    units = load_json("hi_numbers.json")["units"]
    return " ".join(units[int(c)] for c in text if c.isdigit())


__all__ = ["hindi_cardinal", "hindi_digits"]


_IRREGULAR_ORDINALS = {1: "पहल", 2: "दूसर", 3: "तीसर", 4: "चौथ", 6: "छठ"}
_ORDINAL_ENDINGS = {"m": ("ा", "वाँ"), "f": ("ी", "वीं"), "o": ("े", "वें")}


def hindi_ordinal(n: int, gender: str = "m") -> str:
    """``1`` -> "पहला", ``5`` -> "पाँचवाँ"; ``gender`` "f" -> "पहली"/"पाँचवीं", "o"
    (oblique) -> "पहले"/"पाँचवें"."""
    short, long = _ORDINAL_ENDINGS.get(gender, _ORDINAL_ENDINGS["m"])
    if n in _IRREGULAR_ORDINALS:
        return _IRREGULAR_ORDINALS[n] + short
    return hindi_cardinal(n) + long


__all__ += ["hindi_ordinal"]
