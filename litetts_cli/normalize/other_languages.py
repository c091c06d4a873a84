"""Plain numbers for languages other than English, through num2words where it knows them."""

from __future__ import annotations

import re
from num2words import num2words

from litetts_cli.normalize.base import guarded
from litetts_cli.normalize.languages import num2words_language
from litetts_cli.normalize.options import NormalizeOptions

_INTEGER = re.compile(r"(?<![0-9A-Za-z.,/$£€¥:])[0-9]{1,15}(?![0-9A-Za-z/:]|[.,][0-9])")
def expand_plain_numbers(text: str, options: NormalizeOptions) -> str:
    """Whole numbers as words in the text's language; anything else is left for espeak-ng."""
    code = num2words_language(options.language)
    if code is None or not any(c.isdigit() for c in text):
        return text

    def replace(m: re.Match[str]) -> str:
        return num2words(int(m.group(0)), lang=code)

    return _INTEGER.sub(guarded(replace, options.strict), text)


__all__ = ["expand_plain_numbers", "num2words_language"]
