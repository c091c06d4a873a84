"""FFMETADATA escaping and parsing, chapter validation, tag mapping."""

import pytest

from litetts_cli.encode.tags import (
    ChapterMark,
    Tags,
    chapters_from_starts,
    cover_kind,
    escape_ffmetadata,
    parse_ffmetadata,
    render_ffmetadata,
    validate_chapters,
)
from litetts_cli.errors import UsageError


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("Plain title", "Plain title"),
        ("a=b", "a\\=b"),
        ("one; two", "one\\; two"),
        ("#1 hit", "\\#1 hit"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines", "two\\\nlines"),
        ("crlf\r\nline", "crlf\\\nline"),
        ("all =;#\\", "all \\=\\;\\#\\\\"),
        ("Ünïcödé — “quotes”", "Ünïcödé — “quotes”"),
    ],
)
def test_escape(raw, escaped):
    assert escape_ffmetadata(raw) == escaped


TRICKY_TITLES = [
    "Chapter 1",
    "A=B; C#D",
    "Back\\slash\\",
    "Line one\nLine two",
    "  spaced  ",
    "Ünïcödé — “quotes” 日本語",
    "[CHAPTER]",
    ";FFMETADATA1",
    "x=",
]


@pytest.mark.parametrize("title", TRICKY_TITLES)
def test_render_parse_roundtrip(title):
    chapters = [ChapterMark(title, 0.0, 1.5), ChapterMark("next", 1.5, 3.25)]
    text = render_ffmetadata({"title": title, "artist": "Someone"}, chapters)
    assert text.startswith(";FFMETADATA1\n")
    tags, parsed = parse_ffmetadata(text)
    assert tags["title"] == title.replace("\r\n", "\n")
    assert [c.title for c in parsed] == [title, "next"]
    assert [(c.start_s, c.end_s) for c in parsed] == [(0.0, 1.5), (1.5, 3.25)]


def test_render_uses_millisecond_timebase():
    text = render_ffmetadata({}, [ChapterMark("One", 0.0, 61.2346)])
    assert "[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=61235\ntitle=One\n" in text


def test_parse_ffmpeg_output_with_other_timebase_and_streams():
    text = (
        ";FFMETADATA1\nmajor_brand=M4B \nTITLE=Book\\=1\nencoder=Lavf\n"
        "[CHAPTER]\nTIMEBASE=1/24000\nSTART=0\nEND=48000\ntitle=One\\;x\n"
        "[STREAM]\ntitle=stream title ignored\n"
        "[CHAPTER]\nTIMEBASE=1/24000\nSTART=48000\nEND=120000\ntitle=Two\n"
    )
    tags, chapters = parse_ffmetadata(text)
    assert tags["title"] == "Book=1"
    assert [(c.title, c.start_s, c.end_s) for c in chapters] == [("One;x", 0.0, 2.0), ("Two", 2.0, 5.0)]


def test_chapters_from_starts():
    chapters = chapters_from_starts([("One", 0.0), ("Two", 10.0), ("Three", 25.5)], 40.0)
    assert [(c.title, c.start_s, c.end_s) for c in chapters] == [
        ("One", 0.0, 10.0), ("Two", 10.0, 25.5), ("Three", 25.5, 40.0)
    ]
    assert sum(c.duration_s for c in chapters) == 40.0


@pytest.mark.parametrize(
    "chapters",
    [
        [ChapterMark("neg", -1.0, 2.0)],
        [ChapterMark("empty", 2.0, 2.0)],
        [ChapterMark("backwards", 3.0, 2.0)],
        [ChapterMark("a", 0.0, 5.0), ChapterMark("overlap", 4.0, 6.0)],
        [ChapterMark("nan", float("nan"), 1.0)],
    ],
)
def test_invalid_chapters(chapters):
    with pytest.raises(UsageError):
        validate_chapters(chapters)


def test_chapters_past_the_end_of_audio():
    with pytest.raises(UsageError):
        validate_chapters([ChapterMark("a", 0.0, 10.0)], total_s=5.0)
    validate_chapters([ChapterMark("a", 0.0, 5.0), ChapterMark("b", 5.0, 9.0)], total_s=9.0)


def test_book_tags():
    tags = Tags.for_book("The Book", "A. Author", date="1999", narrator="af_heart")
    assert tags.text_fields() == {
        "title": "The Book", "artist": "A. Author", "album": "The Book",
        "album_artist": "A. Author", "composer": "af_heart", "genre": "Audiobook", "date": "1999",
    }
    track = tags.for_track(3, 12, "Chapter Three")
    assert track.text_fields()["track"] == "3/12"
    assert track.title == "Chapter Three" and track.album == "The Book"
    assert Tags().is_empty() and not Tags(cover=b"x").is_empty()


@pytest.mark.parametrize(
    ("data", "kind"),
    [(b"\xff\xd8\xff\xe0rest", "jpeg"), (b"\x89PNG\r\n\x1a\nrest", "png"), (b"GIF89a", None), (b"", None)],
)
def test_cover_kind(data, kind):
    assert cover_kind(data) == kind
