"""Footnotes in plain text: the marker in the sentence and the note set apart.

Plain-text books (Project Gutenberg's among them) mark a footnote in the sentence with
a bracketed label, "elegantly {1} dressed" or "the harbour[2]", and give the note as a
paragraph of its own that opens with the same label ("{1}  Elegant, I mean ...") or as
"[Footnote 2: ...]". Read as they stand, the listener heard "elegantly one dressed" and
every note in the middle of the story. The notes are skipped and counted like an
EPUB's (``--notes end-of-chapter`` reads them after their chapter), and a label is taken
out of the text only when a note with that label exists, so "a[1]" in a program or a
bracketed year is left alone in a text that has no such notes.
"""

from __future__ import annotations

import re

from litetts_cli.ingest import matter
from litetts_cli.ingest.document import Chapter
from litetts_cli.ingest.reading import count_words
from litetts_cli.ingest.sections import read_notes_at_end
from litetts_cli.ingest.textutil import clean_text

_LABEL = r"\d{1,3}|[*†‡§]{1,3}|[A-Z]"
_NOTE = re.compile(
    rf"\[Footnote\s+(?P<named>{_LABEL})\s*:\s*(?P<named_text>.*?)\]?"
    rf"|(?P<open>[\[{{])(?P<label>{_LABEL})[\]}}]\s+(?P<text>\S.*)",
    re.DOTALL,
)


def _marker(opening: str, labels: set[str]) -> re.Pattern:
    close = "]" if opening == "[" else "}"
    choices = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"\s?{re.escape(opening)}(?:{choices}){re.escape(close)}(?=[\s.,;:!?’”\"')—-]|$)")


def separate_notes(chapters: list[Chapter], notes_option: str) -> int:
    """Take note paragraphs out of ``chapters`` and their markers out of the text.

    Returns:
        How many notes were found.
    """
    found: dict[int, list[str]] = {}
    labels: dict[str, set[str]] = {"[": set(), "{": set()}
    for number, chapter in enumerate(chapters):
        kept: list[int] = []
        for index, paragraph in enumerate(chapter.paragraphs):
            match = None if index in chapter.heading_indices else _NOTE.fullmatch(paragraph)
            if match is None:
                kept.append(index)
                continue
            if kept and matter.reason_for_title(chapter.paragraphs[kept[-1]]) == matter.NOTES:
                notes_heading = chapter.paragraphs[kept.pop()]  # "FOOTNOTES:" over the notes
                chapter.skipped_words["notes"] = chapter.skipped_words.get("notes", 0) + count_words(notes_heading)
            opening = match.group("open") or "["
            labels[opening].add(match.group("named") or match.group("label"))
            found.setdefault(number, []).append(clean_text(match.group("named_text") or match.group("text") or ""))
        if number in found:
            _keep(chapter, kept)
    if not found:
        return 0
    markers = [_marker(opening, names) for opening, names in labels.items() if names]
    for number, chapter in enumerate(chapters):
        for index, paragraph in enumerate(chapter.paragraphs):
            if index in chapter.heading_indices:
                continue
            for marker in markers:
                paragraph = marker.sub("", paragraph)
            chapter.paragraphs[index] = paragraph
        notes = found.get(number, [])
        words = sum(count_words(n) for n in notes)
        if words:
            chapter.skipped_words["notes"] = chapter.skipped_words.get("notes", 0) + words
        if notes_option == "end-of-chapter":
            read_notes_at_end(chapter, notes)
    return sum(len(n) for n in found.values())


def _keep(chapter: Chapter, kept: list[int]) -> None:
    """Keep only the paragraphs at ``kept`` (notes are never headings)."""
    new_index = {old: new for new, old in enumerate(kept)}
    chapter.heading_indices = [new_index[i] for i in chapter.heading_indices if i in new_index]
    chapter.paragraphs = [chapter.paragraphs[i] for i in kept]
