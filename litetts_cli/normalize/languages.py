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
    if code == "pt":
        return "pt_BR"  # Kokoro's Portuguese voices are Brazilian
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
    words = num2words(n, lang=code).replace(",", "")
    if base == "it" and words.endswith("tre") and len(words) > 3:
        words = words[:-3] + "tré"  # "ventitré", "duemilaventitré": num2words drops the accent
    return words


__all__ = ["base_language", "cardinal", "num2words_language"]


_FEMININE = {
    "es": ((r"\buno$", "una"), (r"ientos\b", "ientas"), (r"\bveintiuno$", "veintiuna")),
    "pt": ((r"\bum$", "uma"), (r"\bdois$", "duas"), (r"entos\b", "entas")),
    "fr": ((r"\bun$", "une"),),
    "it": ((r"\buno$", "una"),),
}
_BEFORE_NOUN = {"es": ((r"uno$", "ún"), (r"\bún$", "un")), "it": ((r"\buno$", "un"),)}
"""Spanish and Italian shorten "uno" before a masculine noun: "veintiún euros", "un euro"."""


def cardinal_for(n: int, language: str, gender: str = "m", before_noun: bool = False) -> str:
    """A cardinal agreeing with the noun it counts: ``1, "es", "f"`` -> "una";
    ``21, "es", before_noun=True`` -> "veintiún"."""
    import re

    words = cardinal(n, language)
    base = base_language(language)
    if gender == "f":
        for pattern, replacement in _FEMININE.get(base, ()):
            words = re.sub(pattern, replacement, words)
    elif before_noun:
        for pattern, replacement in _BEFORE_NOUN.get(base, ()):
            words = re.sub(pattern, replacement, words)
    return words


def ordinal(n: int, language: str, gender: str = "m") -> str:
    """``2, "fr"`` -> "deuxième"; ``1, "es", "f"`` -> "primera"; Hindi from its table."""
    base = base_language(language)
    if base == "en":
        return numwords.ordinal(n, _british(language))
    if base == "hi":
        from litetts_cli.normalize.hindi import hindi_ordinal

        return hindi_ordinal(n, gender)
    code = num2words_language(language)
    if code is None:
        return str(n)
    words = num2words(n, lang=code, to="ordinal").replace(",", "")
    if gender == "f" and base in ("es", "pt", "it"):
        words = " ".join(w[:-1] + "a" if w.endswith("o") else w for w in words.split(" "))
    elif gender == "f" and base == "fr" and words == "premier":
        words = "première"
    return words


def year(n: int, language: str) -> str:
    """A year as said in the language: Hindi 1947 is "उन्नीस सौ सैंतालीस"; the others
    read years as cardinals ("mil novecientos cuarenta y siete")."""
    if base_language(language) == "hi" and 1100 <= n <= 1999:
        from litetts_cli.normalize.hindi import hindi_cardinal

        high, low = divmod(n, 100)
        return f"{hindi_cardinal(high)} सौ" + (f" {hindi_cardinal(low)}" if low else "")
    return cardinal(n, language)


__all__ += ["cardinal_for", "ordinal", "year"]
