"""Plain numbers for languages other than English, through num2words where it knows them."""

from __future__ import annotations

import re
from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words

from litetts_cli.normalize.base import guarded
from litetts_cli.normalize.options import NormalizeOptions

_INTEGER = re.compile(r"(?<![0-9A-Za-z.,/$£€¥:])[0-9]{1,15}(?![0-9A-Za-z/:]|[.,][0-9])")
_ALIASES = {"cmn": "zh", "pt-br": "pt_BR", "fr-fr": "fr", "es-419": "es", "en-us": "en", "en-gb": "en"}


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


def expand_plain_numbers(text: str, options: NormalizeOptions) -> str:
    """Whole numbers as words in the text's language; anything else is left for espeak-ng."""
    code = num2words_language(options.language)
    if code is None or not any(c.isdigit() for c in text):
        return text

    def replace(m: re.Match[str]) -> str:
        return num2words(int(m.group(0)), lang=code)

    return _INTEGER.sub(guarded(replace, options.strict), text)


__all__ = ["expand_plain_numbers", "num2words_language"]
