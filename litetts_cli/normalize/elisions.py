"""Words clipped with a leading apostrophe: "give 'em hell" -> ``give ['em](/əm/) hell``.

espeak-ng reads "'em" as the letter M; the table (``data/elisions.json``) gives such words
their spoken phonemes, emitted as inline markup like the homographs.
"""

from __future__ import annotations

import re
from functools import lru_cache

from litetts_cli.normalize.base import alternation, guarded, load_json
from litetts_cli.normalize.options import NormalizeOptions


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], re.Pattern[str]]:
    words = load_json("elisions.json")["words"]
    pattern = re.compile(rf"(?<![\w'’])['’](?P<word>(?i:{alternation(words)}))(?![\w'’]*\w)")
    return words, pattern


def expand_elisions(text: str, options: NormalizeOptions) -> str:
    """Mark each clipped word of the table with its phonemes."""
    if "'" not in text and "’" not in text:
        return text
    words, pattern = _table()

    def replace(m: re.Match[str]) -> str:
        return f"[{m.group(0)}](/{words[m.group('word').lower()]}/)"

    return pattern.sub(guarded(replace, options.strict), text)


__all__ = ["expand_elisions"]
