"""Symbols left after the other categories: "&" -> "and", "=" -> "equals", "C++", "and/or"."""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[str, str], re.Pattern[str]]:
    data = load_json("symbols.json")
    phrases, symbols = data["phrases"], data["symbols"]
    marks = "".join(re.escape(s) for s in symbols if not s.isalpha())
    letters = "".join(s for s in symbols if s.isalpha())
    pattern = re.compile(
        rf"(?<![\w+#])(?P<phrase>{alternation(phrases)})(?![\w+#])"
        r"|(?<!\w)(?P<about>~)(?=[a-z])"
        r"|(?<![^\s(\"'`‘“])(?P<tilde>~)(?=[\s/),.;:!?\"'`’”]|$)"
        r"|(?<=[a-z])(?P<or>/)(?=[a-z])"
        rf"|(?P<mark>[{marks}])"
        rf"|(?<![^\W\d_])(?P<letter>[{letters}])(?![^\W\d_])"
    )
    return phrases, symbols, pattern


_APPROXIMATELY = re.compile(r"(?<![\w~])~[ \t]?(?=[0-9$€£¥])")


def expand_approximately(text: str, options: NormalizeOptions) -> str:
    """"~5 km" is "about 5 km": said before numbers and money are read, which turn the
    digits into words that no longer tell "~ twenty people" from "the ~ prefix"."""
    return _APPROXIMATELY.sub("about ", text)


def expand_symbols(text: str, options: NormalizeOptions) -> str:
    """Say or drop the symbols that no other category claimed."""
    phrases, symbols, pattern = _tables()

    def replace(m: re.Match[str]) -> str:
        g = m.group
        if g("phrase"):
            return f" {phrases[g('phrase')]} "
        if g("about"):
            return "about "
        if g("tilde"):
            return "tilde"  # the character itself: "the ~ prefix", "~/.bashrc", "cd ~"
        if g("or"):
            return " or "
        spoken = symbols[g("mark") or g("letter")]
        return f" {spoken} " if spoken.strip() else spoken

    return pattern.sub(guarded(replace, options.strict), text)


__all__ = ["expand_symbols"]
