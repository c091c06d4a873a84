"""Number words in the text's language: one entry point for every normalizer step.

English keeps its own narrator style (:mod:`numwords`); es, fr, it and pt-BR come from
num2words; Hindi from our own table (num2words has no Hindi).
"""

from __future__ import annotations

from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words

from litetts_cli.normalize import numwords

_ALIASES = {"cmn": "zh", "pt-br": "pt_BR", "pt-pt": "pt", "fr-fr": "fr", "es-419": "es", "en-us": "en", "en-gb": "en"}


def base_language(language: str) -> str:
    """``"pt-BR"`` -> ``"pt"``, ``"en_GB"`` -> ``"en"``."""
    return language.lower().replace("_", "-").split("-")[0]


@lru_cache(maxsize=32)
def num2words_language(language: str) -> str | None:
    """The num2words code for an espeak-ng language code, or None when it has none."""
    code = language.lower().replace("_", "-")
    code = _ALIASES.get(code, code)
    language_part, _, region = code.partition("-")
    for candidate in (f"{language_part}_{region.upper()}" if region else "", code, language_part):
        if candidate and candidate in CONVERTER_CLASSES:
            return candidate
    return None


def _british(language: str) -> bool:
    return language.lower().replace("_", "-") in ("en-gb", "en-uk", "en-gb-x-rp")


@lru_cache(maxsize=4096)
def cardinal(n: int, language: str) -> str:
    """``26, "en"`` -> "twenty-six"; ``26, "fr"`` -> "vingt-six"; ``26, "hi"`` -> "छब्बीस"."""
    base = base_language(language)
    if base == "en":
        return numwords.cardinal(n, _british(language))
    if base == "hi":
        from litetts_cli.normalize.hindi import hindi_cardinal

        return hindi_cardinal(n)
    code = num2words_language(language)
    if code is None:
        return str(n)
    return num2words(n, lang=code).replace(",", "")


__all__ = ["base_language", "cardinal", "num2words_language"]
