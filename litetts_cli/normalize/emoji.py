"""Emoji and pictographs: dropped, or read by name one at a time.

espeak-ng reads an emoji by its name, and a run of them as one breathless word
("grinningpartyface..."); a line of decorations can take minutes to say. By default
they are dropped; ``emoji="name"`` reads each different one in a run by its Unicode
name, separated by commas, at most :data:`MAX_NAMED` per run (issue 20).
"""

from __future__ import annotations

import re
import unicodedata

from litetts_cli.normalize.options import NormalizeOptions

EMOJI_MODES = ("drop", "name")
MAX_NAMED = 3
"""Names read from one run of emoji; a row of twenty stars is one "star"."""

_PICTOGRAPH = (
    "\u2300-\u23ff\u2460-\u24ff\u25a0-\u27bf\u2900-\u297f\u2b00-\u2bff"
    "\U0001f000-\U0001faff"
)
_JOINERS = "\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
_RUN = re.compile(f"[{_PICTOGRAPH}][{_PICTOGRAPH}{_JOINERS}\\s]*")


def _spoken(run: str) -> str:
    names: list[str] = []
    for char in run:
        if unicodedata.category(char) != "So":
            continue  # joiners, selectors, skin tones, spaces
        name = unicodedata.name(char, "").lower()
        if name and name not in names:
            names.append(name)
        if len(names) == MAX_NAMED:
            break
    return f" {', '.join(names)} " if names else " "


def expand_emoji(text: str, options: NormalizeOptions) -> str:
    """Drop emoji and pictographs, or read them by name (``options.emoji``)."""
    if text.isascii():
        return text
    if options.emoji == "name":
        return _RUN.sub(lambda m: _spoken(m.group(0).rstrip()) + (" " if m.group(0)[-1:].isspace() else ""), text)
    return _RUN.sub(lambda m: " " if m.group(0)[-1:].isspace() else "", text)


__all__ = ["EMOJI_MODES", "expand_emoji"]
