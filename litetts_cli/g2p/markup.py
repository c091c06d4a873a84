"""Inline markup that reaches the g2p stage: ``[word](/IPA/)`` and ``[pause:1.5s]``.

The normalizer emits the same two forms (homographs it resolved, SSML it converted),
so users and the normalizer share one channel. Anything that only looks like markup
is read as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKUP = re.compile(
    r"\[(?P<word>[^\[\]\n]{1,80})\]\(/(?P<ipa>[^/\n()\[\]]{1,200})/\)"
    r"|\[pause:\s*(?P<num>[0-9]+(?:\.[0-9]+)?)\s*(?P<unit>ms|s)?\s*\]",
    re.IGNORECASE,
)
"""The one inline-markup grammar: ``[word](/ipa/)`` and ``[pause:N]``, ``[pause:Ns]``,
``[pause:Nms]`` in any case. The normalizer holds these spans untouched and the chunker
turns them into phonemes and pauses, so both read the same grammar (issue 15: the
normalizer once required a unit and was case-sensitive, and spoke ``[pause:2]`` as
"pause two"). Lengths are bounded so hostile input cannot make a match expensive."""
MAX_PAUSE_SECONDS = 60.0


@dataclass(frozen=True)
class TextPart:
    text: str


@dataclass(frozen=True)
class PhonemePart:
    """Phonemes given explicitly; ``text`` is what they stand for (for subtitles)."""

    text: str
    ipa: str


@dataclass(frozen=True)
class PausePart:
    seconds: float


Part = TextPart | PhonemePart | PausePart


def parse_inline(text: str) -> list[Part]:
    """Split ``text`` into plain text, explicit phonemes and pauses, in order."""
    parts: list[Part] = []
    position = 0
    for match in MARKUP.finditer(text):
        if match.start() > position:
            parts.append(TextPart(text[position : match.start()]))
        if match.group("word") is not None:
            parts.append(PhonemePart(match.group("word"), match.group("ipa").strip()))
        else:
            seconds = float(match.group("num"))
            if (match.group("unit") or "s").lower() == "ms":
                seconds /= 1000.0
            parts.append(PausePart(min(seconds, MAX_PAUSE_SECONDS)))
        position = match.end()
    if position < len(text):
        parts.append(TextPart(text[position:]))
    return parts


def plain_text(text: str) -> str:
    """The words a listener hears: phoneme markup replaced by its word, pauses removed."""
    out = []
    for part in parse_inline(text):
        if isinstance(part, (TextPart, PhonemePart)):
            out.append(part.text)
    return re.sub(r"\s+", " ", "".join(out)).strip()
