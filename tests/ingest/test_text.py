"""Plain text ingest: chapter headings, paragraphs, encodings."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from litetts_cli.errors import UsageError
from litetts_cli.ingest import IngestOptions, load_document, load_text
from litetts_cli.ingest.text import heading_title, join_lines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Chapter 1", "Chapter 1"),
        ("chapter 1", "chapter 1"),
        ("CHAPTER 1.", "CHAPTER 1."),
        ("CHAPTER ONE", "CHAPTER ONE"),
        ("Chapter Twenty-One", "Chapter Twenty-One"),
        ("Chapter twenty one", "Chapter twenty one"),
        ("Chapter Nineteen", "Chapter Nineteen"),
        ("Chapter IV", "Chapter IV"),
        ("CHAPTER XLII.", "CHAPTER XLII."),
        ("Chapter 12: The Title", "Chapter 12: The Title"),
        ("Chapter 12 - The Title", "Chapter 12 - The Title"),
        ("Chapter 3 — A Storm", "Chapter 3 — A Storm"),
        ("CHAPTER I. Down the Rabbit-Hole", "CHAPTER I. Down the Rabbit-Hole"),
        ("CHAPTER I THE STORM", "CHAPTER I THE STORM"),
        ("  Chapter   7  ", "Chapter 7"),
        ("Part II", "Part II"),
        ("PART TWO", "PART TWO"),
        ("Part 3: Home", "Part 3: Home"),
        ("Book One", "Book One"),
        ("BOOK III", "BOOK III"),
        ("Prologue", "Prologue"),
        ("PROLOGUE", "PROLOGUE"),
        ("Epilogue", "Epilogue"),
        ("Epilogue: Ten Years Later", "Epilogue: Ten Years Later"),
        ("Introduction", "Introduction"),
        ("Preface.", "Preface."),
        # Not headings:
        ("Chapter one was boring.", None),
        ("Part of the problem was the rain.", None),
        ("Book two tickets for Friday", None),
        ("The Prologue was long.", None),
        ("Chapter", None),
        ("Chapter IIII", None),
        ("Chapter mild", None),
        ("Chapters 1 and 2", None),
        ("In Chapter 4 we saw", None),
        ("Prologues", None),
        ("Chapter 1: " + "x" * 120, None),
        ("", None),
    ],
)
def test_heading_detection(line, expected):
    assert heading_title(line) == expected


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["one", "two"], "one two"),
        (["  indented  ", "\tline"], "indented line"),
        (["exam-", "ple text"], "exam-ple text"),
        (["well-", "Known"], "well- Known"),
        (["dash -", "next"], "dash - next"),
        (["soft\u00adhyphen", "zero\u200bwidth"], "softhyphen zerowidth"),
        (["", "only", ""], "only"),
        # Project Gutenberg's italics (News from Nowhere): "_TENTH IMPRESSION_" was spelled out.
        (["_TENTH IMPRESSION_"], "TENTH IMPRESSION"),
        (["Or indeed _was_ it a", "dream?"], "Or indeed was it a dream?"),
        (["_First printed serially in", "the_ Commonweal, 1890."], "First printed serially in the Commonweal, 1890."),
        (["set my_var_name and", "call __init__ or _private"], "set my_var_name and call __init__ or _private"),
        (["a _ b _ c"], "a _ b _ c"),
    ],
)
def test_join_lines(lines, expected):
    assert join_lines(lines) == expected


NOVEL = """\
The Tale
by A. Writer

Chapter 1
The Beginning

It was a dark
and stormy night.

Second paragraph.

CHAPTER TWO

Rain again.
Still raining.

Part III: Aftermath
The sun came out, as suns do.

Epilogue

The end.
"""


def test_text_chapters_titles_and_paragraphs():
    doc = load_text(NOVEL, "the_tale")
    assert [c.title for c in doc.chapters] == [
        "the tale", "Chapter 1: The Beginning", "CHAPTER TWO", "Part III: Aftermath", "Epilogue",
    ]
    assert [c.paragraphs for c in doc.chapters] == [
        ["The Tale by A. Writer"],
        ["Chapter 1: The Beginning", "It was a dark and stormy night.", "Second paragraph."],
        ["CHAPTER TWO", "Rain again. Still raining."],
        ["Part III: Aftermath", "The sun came out, as suns do."],
        ["Epilogue", "The end."],
    ]
    assert [c.heading_indices for c in doc.chapters] == [[], [0], [0], [0], [0]]
    assert [c.source for c in doc.chapters] == ["line 1", "line 4", "line 12", "line 17", "line 20"]
    assert doc.warnings == []


def test_text_without_headings_is_one_chapter_named_after_the_file(tmp_path):
    path = tmp_path / "meeting_notes.txt"
    path.write_text("First paragraph\nwraps here.\n\n\n\nSecond one.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "meeting notes"
    assert [(c.title, c.paragraphs) for c in doc.chapters] == [
        ("meeting notes", ["First paragraph wraps here.", "Second one."]),
    ]


def test_text_with_no_blank_lines_reads_one_paragraph_per_line():
    doc = load_text("First paragraph on one line.\nSecond paragraph.\r\nThird.", "t")
    assert doc.chapters[0].paragraphs == ["First paragraph on one line.", "Second paragraph.", "Third."]


def test_scene_breaks_are_not_read():
    doc = load_text("Before.\n\n* * *\n\n---\n\nAfter.", "t")
    assert doc.chapters[0].paragraphs == ["Before.", "After."]


CONTENTS_TEXT = """\
CONTENTS

Chapter 1: Arrival
Chapter 2: Departure
Epilogue

Chapter 1: Arrival

We came.

Chapter 2: Departure

We left.

Epilogue

Home.
"""

SPACED_CONTENTS = """\
Chapter 1

Chapter 2

Chapter 3

Chapter 1

Text one.

Chapter 2

Text two.

Chapter 3

Text three.
"""


@pytest.mark.parametrize(
    ("text", "chapters"),
    [
        (CONTENTS_TEXT, {"Chapter 1: Arrival": "We came.", "Chapter 2: Departure": "We left.", "Epilogue": "Home."}),
        (SPACED_CONTENTS, {"Chapter 1": "Text one.", "Chapter 2": "Text two.", "Chapter 3": "Text three."}),
    ],
    ids=["single-spaced", "double-spaced"],
)
def test_contents_list_is_skipped_then_read_with_the_flag(text, chapters):
    doc = load_text(text, "book")
    assert {c.title: c.paragraphs[1:] for c in doc.chapters if c.title != "book"} == {
        title: [body] for title, body in chapters.items()
    }
    assert [s.reason for s in doc.skipped] == ["table of contents"]
    assert any("contents list" in w for w in doc.warnings)

    with_flag = load_text(text, "book", IngestOptions(include_front_matter=True))
    contents = [c for c in with_flag.chapters if c.title == "Contents"]
    assert len(contents) == 1 and contents[0].paragraphs[-1] == list(chapters)[-1]
    assert with_flag.skipped == []
    assert sum(len(c.paragraphs) for c in with_flag.chapters) == sum(len(c.paragraphs) for c in doc.chapters) + len(
        contents[0].paragraphs
    ), "nothing but the contents list is left out by default"


def test_part_heading_right_over_chapter_heading():
    doc = load_text("PART ONE\nCHAPTER 1\n\nText.\n\nCHAPTER 2\nThe Road\n\nMore.", "b")
    assert [(c.title, c.paragraphs) for c in doc.chapters] == [
        ("PART ONE", ["PART ONE"]),
        ("CHAPTER 1", ["CHAPTER 1", "Text."]),
        ("CHAPTER 2: The Road", ["CHAPTER 2: The Road", "More."]),
    ]


def test_utf8_bom_and_utf16_are_decoded(tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes(b"\xef\xbb\xbfChapter 1\n\nCaf\xc3\xa9.")
    assert [c.title for c in load_document(bom).chapters] == ["Chapter 1"]
    assert load_document(bom).warnings == []
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes("Naïve text.".encode("utf-16"))
    assert load_document(utf16).chapters[0].paragraphs == ["Naïve text."]


@pytest.mark.parametrize(
    ("data", "expected", "bad_bytes"),
    [
        ("Caf\xe9 cr\xe8me".encode("cp1252"), "Café crème", 2),
        ("\u201cQuoted\u201d \u2014 dash".encode("cp1252"), "\u201cQuoted\u201d \u2014 dash", 3),
        # Mostly UTF-8 with one stray Windows-1252 byte: the good characters survive.
        ("Ünïcödé ".encode() + b"\x96 end", "Ünïcödé – end", 1),
        (b"Undefined \x81 byte", "Undefined byte", 1),
    ],
)
def test_invalid_utf8_falls_back_with_a_warning(tmp_path, data, expected, bad_bytes):
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    doc = load_document(path)
    assert doc.chapters[0].paragraphs == [expected]
    assert doc.warnings == [
        f"legacy.txt: {bad_bytes} byte(s) are not valid UTF-8 and were read as Windows-1252; "
        "if accented letters sound wrong, save the file as UTF-8"
    ]


def test_ten_megabyte_paragraph_without_punctuation(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 2_000_000, encoding="utf-8")
    doc = load_document(path)
    assert len(doc.chapters[0].paragraphs) == 1
    assert doc.word_count == 2_000_000


def test_empty_string_is_a_usage_error():
    with pytest.raises(UsageError, match="no text to read"):
        load_text("   \n\n ", "stdin")


def test_load_text_can_parse_markdown():
    doc = load_text("# One\n\nText *here*.\n\n# Two\n\nMore.", "notes", markdown=True)
    assert [c.title for c in doc.chapters] == ["One", "Two"]
    assert doc.chapters[0].paragraphs == ["One", "Text here."]


WORDS_RE = re.compile(r"\w+")
LINE = st.one_of(
    st.text(alphabet=st.sampled_from("abcXYZ019éß .,;!?-'\"*\t"), max_size=40),
    st.sampled_from(["Chapter 1", "CHAPTER TWO", "Part III", "Prologue", "Epilogue: Later", "", "", "* * *"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_no_word_is_ever_dropped(lines, newline):
    text = newline.join(lines)
    try:
        doc = load_text(text, "t", IngestOptions(include_front_matter=True))
    except UsageError:
        assert not WORDS_RE.search(text)
        return
    read = " ".join(p for c in doc.chapters for p in c.paragraphs)
    assert WORDS_RE.findall(read) == WORDS_RE.findall(text)
    assert all(c.paragraphs for c in doc.chapters)


_GERMAN = ("Der Mann ging mit seinem Hund durch den Wald, und es war ein kalter Morgen. Er sah die Bäume, "
           "die nicht mehr grün waren, und er dachte an das Haus, in dem er als Kind gelebt hatte. ") * 12
_ENGLISH = ("The man walked with his dog through the wood, and it was a cold morning. He saw the trees, "
            "which were no longer green, and he thought of the house where he had lived as a child. ") * 12


@pytest.mark.parametrize("name, content, language", [
    # A document that declares no language is in the one its text clearly is.
    ("wald.txt", _GERMAN, "de"),
    ("wald.md", f"# Kapitel eins\n\n{_GERMAN}", "de"),
    ("wald.html", f"<html><body><article><h1>Der Wald</h1><p>{_GERMAN}</p></article></body></html>", "de"),
    ("wood.txt", _ENGLISH, "en"),
    # Chapters too short to tell one by one, clear together.
    ("wald2.md", "".join(f"# Teil {i}\n\n{_GERMAN[:160]}\n\n" for i in range(8)), "de"),
    # Too short to tell: undeclared (the voice the user names decides).
    ("kurz.txt", "Der Mann ging mit seinem Hund.", ""),
    # Declared wins.
    ("wood.html", f'<html lang="en-GB"><body><article><h1>Wood</h1><p>{_ENGLISH}</p></article></body></html>', "en-gb"),
])
def test_an_undeclared_documents_language_comes_from_its_text(tmp_path, name, content, language):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert load_document(path).language.lower() == language


PAGE_NUMBERED_CONTENTS = """\
CONTENTS.

CHAPTER I. The Widow and her Child             1
       II. The Old Mint                       13
      III. The Master of the Mint             28

BOOK THE SECOND.

CHAPTER I. The Idle Apprentice . . . . . . . . 75
       II. Thames Darrell . . . . . . . . . .  88
      III. The Jacobite . . . . . . . . . . .  95

CHAPTER I. The Widow and her Child

The widow sat by the fire.

CHAPTER II. The Old Mint

The mint was old.
"""


def test_a_contents_list_with_page_numbers_is_skipped():
    # Jack Sheppard (Project Gutenberg 16215): only each list's first line says "CHAPTER",
    # so each list was a chapter of its own, read with its page numbers.
    doc = load_text(PAGE_NUMBERED_CONTENTS, "book")
    titles = [c.title for c in doc.chapters if c.title != "book"]
    assert titles == ["CHAPTER I. The Widow and her Child", "CHAPTER II. The Old Mint"]
    assert [s.reason for s in doc.skipped] == ["table of contents", "table of contents"]


@pytest.mark.parametrize("text", [
    "Prices:\n\nTea    2\nCoffee    3",  # two lines: not a contents list
    "He counted.\n\nOne, two, three\nfour, five, six\nseven, eight, 9",
])
def test_lines_that_end_in_numbers_are_not_always_contents(text):
    doc = load_text(text, "book")
    assert doc.skipped == []


@pytest.mark.parametrize(("text", "title", "first"), [
    # Jack Sheppard (Project Gutenberg 16215): the name one blank line under the number.
    ("CHAPTER I.\n\nThe Widow and her Child.\n\nThe widow sat by the fire.", "CHAPTER I: The Widow and her Child",
     "The widow sat by the fire."),
    ("CHAPTER VII.\n\nOld London Bridge\n\nThe bridge was old.", "CHAPTER VII: Old London Bridge",
     "The bridge was old."),
    # The chapter's first sentence, a quotation or a one-word line stays text.
    ("CHAPTER I.\n\nIt was dark.\n\nAnd cold.", "CHAPTER I.", "It was dark."),
    ("CHAPTER I.\n\n\"Come In, Sir.\"\n\nHe came.", "CHAPTER I.", "\"Come In, Sir.\""),
    ("CHAPTER I.\n\nSilence.\n\nNothing more.", "CHAPTER I.", "Silence."),
    ("CHAPTER I. The Storm\n\nThe Rain Came Down\n\nAll night.", "CHAPTER I. The Storm", "The Rain Came Down"),
])
def test_a_chapter_name_a_blank_line_below_its_number_joins_the_title(text, title, first):
    chapter = load_text(text, "book").chapters[0]
    assert chapter.title == title
    assert chapter.paragraphs[:2] == [title, first]
