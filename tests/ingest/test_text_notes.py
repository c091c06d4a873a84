"""Footnotes in plain text are set apart: no "elegantly one dressed".

Each row follows a real plain-text book: Project Gutenberg's News from Nowhere (eBook
3261) marks its notes "{1}" in the sentence and gives them at the end as "{1}  ...";
other Gutenberg texts use "word[1]" with "[1] ..." or "[Footnote 1: ...]" paragraphs.
"""

from __future__ import annotations

import pytest

from litetts_cli.ingest import IngestOptions, load_text


def read(text: str, notes: str = "skip"):
    doc = load_text(text, "book", IngestOptions(notes=notes))
    return doc, [p for c in doc.chapters for p in c.paragraphs]


@pytest.mark.parametrize(("text", "expected"), [
    # News from Nowhere: braces, the notes at the end of the book.
    ("A thinnish stream of elegantly {1} dressed people.\n\nWe passed a mill {2} on the stream.\n\n"
     "{1}  \"Elegant,\" I mean, as a Persian pattern is.\n\n{2}  Mills along the Thames.",
     ["A thinnish stream of elegantly dressed people.", "We passed a mill on the stream."]),
    # Brackets right after the word or its punctuation.
    ("The harbour[1] was quiet, as the old men said.[2]\n\n[1] A small one.\n\n[2] They said it often.",
     ["The harbour was quiet, as the old men said."]),
    # [Footnote N: ...] paragraphs, placed right after the paragraph that marks them.
    ("He sailed at dawn.[A] The sea was calm.\n\n[Footnote A: In 1850.]\n\nThe end came.",
     ["He sailed at dawn. The sea was calm.", "The end came."]),
    ("A mark[*] here.\n\n[*] The note.", ["A mark here."]),
])
def test_markers_are_not_read_and_notes_are_skipped(text, expected):
    doc, paragraphs = read(text)
    assert paragraphs == expected
    assert sum(c.skipped_words.get("notes", 0) for c in doc.chapters) > 0
    assert any("footnote" in w for w in doc.warnings)


@pytest.mark.parametrize("text", [
    "Set a[1] to zero, then read a[2] back.",  # code, and no note labelled 1 or 2
    "The year [1850] was cold.\n\nIt snowed {often} that year.",
    "Items:\n\n[x] done\n\n[ ] to do",
])
def test_brackets_without_a_matching_note_are_left_alone(text):
    doc = load_text(text, "book")
    before = [p for c in doc.chapters for p in c.paragraphs]
    assert "[" in " ".join(before) or "{" in " ".join(before)
    assert not any("footnote" in w for w in doc.warnings)


def test_notes_are_read_after_their_chapter_when_asked():
    text = ("CHAPTER I\n\nA mill {1} on the stream.\n\n{1}  Mills along the Thames.\n\n"
            "CHAPTER II\n\nNo notes here.")
    doc, _ = read(text, notes="end-of-chapter")
    first = doc.chapters[0]
    assert first.paragraphs[-2:] == ["Notes.", "Mills along the Thames."]
    assert first.paragraphs[1] == "A mill on the stream."
    assert "notes" not in first.skipped_words
    assert doc.chapters[1].paragraphs[-1] == "No notes here."


def test_a_notes_heading_goes_with_its_notes_and_notes_are_read_before_a_licence():
    # News from Nowhere: "FOOTNOTES:" and its notes, then Gutenberg's end marker and licence.
    text = ("CHAPTER I\n\nA mill {1} on the stream.\n\nFOOTNOTES:\n\n{1}  Mills along the Thames.\n\n"
            "***END OF THE PROJECT GUTENBERG EBOOK THE MILL***\n\nLicence text.")
    skipped, _ = read(text)
    assert skipped.chapters[0].paragraphs == ["CHAPTER I", "A mill on the stream."]
    doc, _ = read(text, notes="end-of-chapter")
    assert doc.chapters[0].paragraphs == ["CHAPTER I", "A mill on the stream.", "Notes.", "Mills along the Thames."]
