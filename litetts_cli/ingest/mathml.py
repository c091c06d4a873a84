"""MathML -> what a listener hears: its ``alttext``, or the symbols of a short formula.

Converters often stamp a placeholder into ``alttext`` ("Alternative text not available",
10,283 times in the IDPF linear-algebra sample); read aloud, it replaces every symbol of
the book. A placeholder counts as no ``alttext``. A formula without one is read when it
is flat (identifiers, numbers and operators in a row: "m × n", "A", "x = 2"), which the
normalizer then speaks; anything with structure (fractions, scripts, roots, matrices)
is skipped and counted, since reading its symbols in a row would say something else.
"""

from __future__ import annotations

import re

from lxml import etree

from litetts_cli.ingest.elements import local_name
from litetts_cli.ingest.textutil import clean_text

_PLACEHOLDER = re.compile(
    r"\s*(?:(?:no\s+)?alt(?:ernative|ernate)?[\s-]*text(?:\s+(?:not\s+available|unavailable|missing|here))?"
    r"|(?:an?\s+)?(?:equation|formula|math(?:ml)?|expression|image)(?:\s*\d+)?|n/?a|todo|none)\s*[.!]?\s*",
    re.IGNORECASE,
)
_FLAT = frozenset({"math", "mrow", "mi", "mn", "mo", "mtext", "mspace", "mstyle", "semantics", "mpadded"})
_TOKENS = frozenset({"mi", "mn", "mo", "mtext"})
_MAX_TOKENS = 12
"""A longer formula in a row is an equation to see, not a phrase to hear."""
_ATTACHED = frozenset(",.;:)]}!?")


def spoken_math(el: etree._Element) -> str:
    """The words to read for a ``<math>`` element; "" when it is to be skipped."""
    alt = clean_text(el.get("alttext") or "")
    if alt and not _PLACEHOLDER.fullmatch(alt):
        return alt
    tokens = _flat_tokens(el)
    if not tokens or len(tokens) > _MAX_TOKENS:
        return ""
    words = tokens[0]
    for token in tokens[1:]:
        words += token if token in _ATTACHED or words[-1] in "([{" else f" {token}"
    return words


def _flat_tokens(el: etree._Element) -> list[str]:
    """The token texts of a formula without structure, in order ([] if it has some)."""
    tokens: list[str] = []
    stack = [el]
    while stack:
        node = stack.pop()
        name = local_name(node) if isinstance(node.tag, str) else ""
        if name in ("annotation", "annotation-xml"):
            continue  # another notation of the same formula (TeX, content MathML)
        if name not in _FLAT:
            return []
        if name in _TOKENS:
            token = clean_text("".join(node.itertext()))
            if token:
                tokens.append(token)
            continue
        stack.extend(reversed([child for child in node if isinstance(child.tag, str)]))
    return tokens
