"""Markdown ingest: chapters from headings, markup stripped, code and tables skipped."""

from __future__ import annotations

import pytest

from litetts_cli.errors import UsageError
from litetts_cli.ingest import IngestOptions, load_document
from litetts_cli.ingest.markdown import markdown_to_document


def md(text: str, **options) -> list[tuple[str, list[str]]]:
    doc = markdown_to_document(text, "notes", IngestOptions(**options))
    return [(c.title, c.paragraphs) for c in doc.chapters]


def test_headings_start_chapters_and_file_extension_picks_markdown(tmp_path):
    path = tmp_path / "my_guide.md"
    path.write_text("Intro line.\n\n# First\n\nOne.\n\n## Detail\n\nDeep.\n\n# Second\n\nTwo.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "my guide"
    assert [(c.title, c.paragraphs, c.heading_indices) for c in doc.chapters] == [
        ("my guide", ["Intro line."], []),
        ("First", ["First", "One.", "Detail", "Deep."], [0, 2]),
        ("Second", ["Second", "Two."], [0]),
    ]
    assert [c.source for c in doc.chapters] == ["line 1", "line 3", "line 11"]


@pytest.mark.parametrize(
    ("text", "level", "titles"),
    [
        ("# A\n\nx\n\n## B\n\ny\n\n# C\n\nz", 1, ["A", "C"]),
        ("# A\n\nx\n\n## B\n\ny\n\n# C\n\nz", 2, ["A", "B", "C"]),
        # No heading at the chosen level: the highest level present is used.
        ("## A\n\nx\n\n### B\n\ny\n\n## C\n\nz", 1, ["A", "C"]),
        ("### A\n\nx\n\n### B\n\ny", 2, ["A", "B"]),
        # Setext headings count too.
        ("A\n===\n\nx\n\nB\n===\n\ny", 1, ["A", "B"]),
        # A lone top heading opening the file is the book title; the next level makes chapters.
        ("# Book\n\n## One\n\nx\n\n## Two\n\ny", 1, ["One", "Two"]),
        ("# Book\n\nPreface text.\n\n## One\n\nx", 1, ["Book", "One"]),
        # ...but not when it is not first, or when it is not alone.
        ("Hello.\n\n# Book\n\n## One\n\nx", 1, ["notes", "Book"]),
        # No headings at all: one chapter named after the file.
        ("Just text.\n\nMore.", 1, ["notes"]),
        # An empty heading still starts a chapter, numbered.
        ("#\n\nx\n\n# Named\n\ny", 1, ["Chapter 1", "Named"]),
    ],
)
def test_chapter_level(text, level, titles):
    assert [t for t, _ in md(text, markdown_chapter_level=level)] == titles


def test_title_heading_opens_the_first_chapter_and_names_the_book():
    doc = markdown_to_document("# The Book\n\n## One\n\nx\n\n## Two\n\ny", "file", IngestOptions())
    assert doc.title == "The Book"
    assert doc.chapters[0].paragraphs == ["The Book", "One", "x"]
    assert doc.chapters[0].heading_indices == [0, 1]


def test_inline_markup_is_stripped():
    text = (
        "# Ch\n\n"
        "Some *emphasis*, __strong__, ~~struck~~ and `inline code`.\n\n"
        "A [link to docs](https://example.com \"title\") and <https://autolink.example>.\n\n"
        "An image ![a red fox](fox.png) inline, a note[^1] and escaped \\*stars\\*.\n\n"
        "Line one\nline two  \nline three<br>line four.\n\n"
        "Entities: caf&eacute; &amp; co.\n"
    )
    assert md(text)[0][1] == [
        "Ch",
        "Some emphasis, strong, struck and inline code.",
        "A link to docs and https://autolink.example.",
        "An image a red fox inline, a note and escaped *stars*.",
        "Line one line two line three line four.",
        "Entities: café & co.",
    ]


def test_lists_quotes_images_and_html():
    text = (
        "- first item\n- second item!\n- third: with *markup*\n  - nested item\n\n"
        "1. Ordered one\n2. Ordered two.\n\n"
        "> A quoted line\n> continues.\n>\n> Second quote paragraph.\n\n"
        "![A map of the coast](map.png)\n\n"
        "<div>Raw <b>HTML</b> block</div>\n\n"
        "<!-- a comment -->\n\n"
        "---\n\n"
        "* * *\n\n"
        "End.\n"
    )
    assert md(text)[0][1] == [
        "first item.",
        "second item!",
        "third: with markup.",
        "nested item.",
        "Ordered one.",
        "Ordered two.",
        "A quoted line continues.",
        "Second quote paragraph.",
        "A map of the coast.",
        "Raw HTML block",
        "End.",
    ]


def test_code_blocks_are_skipped_with_a_warning_or_read_with_the_flag():
    text = "Before.\n\n```python\nprint('hi')\n```\n\n    indented = code\n\nAfter.\n"
    doc = markdown_to_document(text, "n", IngestOptions())
    assert doc.chapters[0].paragraphs == ["Before.", "After."]
    assert doc.warnings == ["Skipped 2 code block(s); set include_code (--include-code) to read them"]

    doc = markdown_to_document(text, "n", IngestOptions(include_code=True))
    assert doc.chapters[0].paragraphs == ["Before.", "print('hi')", "indented = code", "After."]
    assert doc.warnings == []


def test_tables_are_skipped_with_a_warning():
    doc = markdown_to_document("Text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.", "n", IngestOptions())
    assert doc.chapters[0].paragraphs == ["Text.", "After."]
    assert doc.warnings == ["Skipped 1 table(s): tables are not read aloud"]


def test_front_matter_gives_metadata_and_is_not_read():
    text = "---\ntitle: \"Field Notes\"\nauthor: Ann Author\nlang: en-GB\ntags:\n  - a\n---\n\n# One\n\nText.\n"
    doc = markdown_to_document(text, "file", IngestOptions())
    assert (doc.title, doc.author, doc.language) == ("Field Notes", "Ann Author", "en-GB")
    assert [(c.title, c.paragraphs) for c in doc.chapters] == [("One", ["One", "Text."])]
    assert doc.chapters[0].source == "line 9"


def test_leading_thematic_break_is_not_front_matter():
    assert md("---\n\nJust a paragraph.\n\n---\n\nMore.") == [("notes", ["Just a paragraph.", "More."])]


def test_ten_megabyte_paragraph_without_punctuation(tmp_path):
    path = tmp_path / "long.md"
    path.write_text("# Long\n\n" + "word " * 2_000_000, encoding="utf-8")
    doc = load_document(path)
    assert doc.chapters[0].paragraphs[0] == "Long"
    assert len(doc.chapters[0].paragraphs) == 2
    assert doc.word_count == 2_000_001


@pytest.mark.parametrize("level", [0, 7, -1])
def test_chapter_level_out_of_range_is_a_usage_error(level):
    with pytest.raises(UsageError, match="chapter level"):
        IngestOptions(markdown_chapter_level=level)


@pytest.mark.parametrize(
    "markdown, title, author, first",
    [
        ("% Poems\n% John Keats\n\n# La Belle Dame\n\nO what can ail thee.\n", "Poems", "John Keats", "La Belle Dame"),
        ("% Poems\n\nO what can ail thee.\n", "Poems", "", "O what can ail thee."),
        ("%% not a title block\n\nText.\n", "notes", "", "%% not a title block"),
    ],
    ids=["title-author", "title", "percent-text"],
)
def test_a_pandoc_title_block_names_the_book_and_is_not_read(markdown, title, author, first):
    doc = markdown_to_document(markdown, "notes", IngestOptions())
    assert (doc.title, doc.author, doc.chapters[0].paragraphs[0]) == (title, author, first)
