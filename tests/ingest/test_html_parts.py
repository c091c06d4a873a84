"""A web book in parts (Project Gutenberg's HTML of Ainsworth's Jack Sheppard, 16215-h):
each part's title leads the title of its first chapter only, as an EPUB's part page does."""

from __future__ import annotations

import pytest

from litetts_cli.ingest import IngestOptions, load_document

# Gutenberg's markup: the book's h1, a contents h2 over a table, then per epoch an h2 with
# its year and name as h3s, sometimes an h2 repeating the book's title, and each chapter an
# h2 "CHAPTER I." with its name as an h3.
_HEAD = """<html><head><title>The Project Gutenberg eBook of Jack Sheppard</title></head><body>
<h1>JACK SHEPPARD A Romance</h1>
<h2>BY W. Harrison Ainsworth</h2><p>Internationale Bibliothek G M B H Berlin.</p>
<h2>CONTENTS.</h2>
<table summary="Table of Contents"><tr><td><a href="#C1">CHAPTER I.</a></td><td>The Widow and her Child.</td></tr>
<tr><td><a href="#C2">CHAPTER II.</a></td><td>The Old Mint.</td></tr></table>
"""
_EPOCH = """<h2>EPOCH THE {n}.</h2><h3>{year}.</h3><h3>{name}.</h3>{running}"""
_CHAPTER = """<h2><a name="C{n}" id="C{n}"></a>CHAPTER {n}.</h2><h3>{name}.</h3>
<p class="linenum"><a href="#ToC">ToC</a></p><p>{text}</p>"""


def _book(epochs: list[tuple[str, str, str, bool, list[str]]]) -> str:
    body = _HEAD
    for n, year, name, running, chapters in epochs:
        body += _EPOCH.format(n=n, year=year, name=name, running="<h2>JACK SHEPPARD.</h2>" if running else "")
        for number, chapter in enumerate(chapters, 1):
            body += _CHAPTER.format(n="I" * number, name=chapter,
                                    text=f"The text of {chapter.lower()} goes on for a while, as a chapter does.")
    return body + "</body></html>"


@pytest.mark.parametrize("epochs, titles, first", [
    # The running title under the first epoch repeats the book's title: no part's name.
    ([("FIRST", "1703", "JONATHAN WILD", True, ["The Widow and her Child", "The Old Mint"]),
      ("SECOND", "1715", "THAMES DARRELL", False, ["The Idle Apprentice", "Thames Darrell"])],
     ["BY W. Harrison Ainsworth", "EPOCH THE FIRST: CHAPTER I.", "CHAPTER II.",
      "EPOCH THE SECOND: CHAPTER I.", "CHAPTER II."],
     ["EPOCH THE FIRST.", "1703.", "JONATHAN WILD.", "JACK SHEPPARD.", "CHAPTER I.", "The Widow and her Child."]),
    ([("THIRD", "1724", "THE PRISON-BREAKER", False, ["The Return", "The Burglary", "The Quarrel"])],
     ["BY W. Harrison Ainsworth", "EPOCH THE THIRD: CHAPTER I.", "CHAPTER II.", "CHAPTER III."],
     ["EPOCH THE THIRD.", "1724.", "THE PRISON-BREAKER.", "CHAPTER I.", "The Return."]),
])
def test_a_part_title_leads_its_first_chapter_only(tmp_path, epochs, titles, first):
    path = tmp_path / "16215-h.htm"
    path.write_text(_book(epochs), encoding="utf-8")
    doc = load_document(path)
    assert [c.title for c in doc.chapters] == titles
    assert doc.chapters[1].paragraphs[: len(first)] == first
    assert all(c.paragraphs[0] == c.title for c in doc.chapters[2:] if ":" not in c.title)
    # The contents heading over its (skipped) table is left out as contents, not read
    # before the first epoch; --include-front-matter keeps it.
    assert [(p.title, p.reason) for p in doc.skipped if p.reason == "table of contents"] == [
        ("CONTENTS.", "table of contents")]
    everything = load_document(path, IngestOptions(include_front_matter=True))
    assert "CONTENTS." in [c.title for c in everything.chapters]
