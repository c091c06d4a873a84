"""EPUB 3 pronunciation lexicons (W3C PLS) that content documents link to.

A document names its lexicons with ``<link rel="pronunciation" type="application/pls+xml"
href="...">``. Each ``<lexeme>`` maps one or more ``<grapheme>`` spellings to a
``<phoneme>``; only IPA lexicons are used (the phonemizer takes IPA), others are
reported. An ``<alias>`` (a respelling) stands in for the word instead.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from litetts_cli.ingest.epub_nav import resolve_href
from litetts_cli.ingest.textutil import clean_text
from litetts_cli.ingest.markup import parse_markup
from litetts_cli.ingest.xhtml import local_name


def linked_lexicons(root: etree._Element, path: str) -> list[str]:
    """Package-relative paths of the PLS files a content document links to."""
    found = []
    for element in root.iter():
        if local_name(element) != "link":
            continue
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower()
        if "pronunciation" in rel and (not kind or "pls" in kind):
            target = resolve_href(posixpath.dirname(path), element.get("href") or "")
            if target:
                found.append(target[0])
    return found


def parse_lexicon(data: bytes, name: str, notes: list[str]) -> dict[str, str]:
    """``grapheme -> IPA`` from a PLS file (aliases become ``/.../``-less respellings)."""
    root, _ = parse_markup(data, name)
    if root is None or local_name(root) != "lexicon":
        notes.append(f"{name} is not a pronunciation lexicon; it was ignored")
        return {}
    alphabet = (root.get("alphabet") or "").strip().lower()
    entries: dict[str, str] = {}
    skipped = 0
    for lexeme in (e for e in root.iter() if local_name(e) == "lexeme"):
        graphemes = [clean_text(g.text or "") for g in lexeme if local_name(g) == "grapheme"]
        phonemes = [p for p in lexeme if local_name(p) == "phoneme"]
        phoneme = next(
            (clean_text(p.text or "") for p in phonemes if (p.get("alphabet") or alphabet).lower() == "ipa"), ""
        )
        if not phoneme:
            skipped += bool(phonemes)
            continue
        for grapheme in graphemes:
            if grapheme:
                entries[grapheme] = phoneme.strip("/")
    if skipped:
        notes.append(f"{name}: {skipped} pronunciation(s) not in IPA were ignored")
    return entries
