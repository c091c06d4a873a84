"""M4B/M4A/MP3: chapters, tags and cover art written by ffmpeg and read back."""

import os
import struct

import numpy as np
import pytest

from litetts_cli.encode import (
    ChapterMark,
    Tags,
    chapters_from_starts,
    open_sink,
    probe,
    probe_duration,
    read_chapters,
    read_cover,
    read_tags,
)
from litetts_cli.errors import InputError

SR = 24_000
TITLES = ["Prologue", "Chapter 1: A=B; #1 \\ odd", "Épilogue — “the end”"]
SECONDS = [1.0, 2.5, 1.5]


def tone(seconds: float, freq: float) -> np.ndarray:
    t = np.arange(round(seconds * SR)) / SR
    return (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_book(path, tags: Tags):
    starts, position = [], 0.0
    with open_sink(path, metadata=tags) as sink:
        for title, seconds, freq in zip(TITLES, SECONDS, (300, 500, 700)):
            starts.append((title, position))
            sink.write(tone(seconds, freq))
            position += seconds
        chapters = chapters_from_starts(starts, sink.duration_s)
        sink.set_chapters(chapters)  # chapters are known only once all audio is placed
    return chapters


def top_level_atoms(path) -> list[str]:
    atoms, data = [], path.read_bytes()
    position = 0
    while position + 8 <= len(data):
        size, kind = struct.unpack(">I4s", data[position : position + 8])
        if size == 1:
            size = struct.unpack(">Q", data[position + 8 : position + 16])[0]
        atoms.append(kind.decode("latin-1"))
        if size < 8:
            break
        position += size
    return atoms


@pytest.mark.parametrize("fmt", ["m4b", "m4a", "mp3"])
def test_chapters_read_back(tmp_path, fmt):
    path = tmp_path / f"book.{fmt}"
    written = write_book(path, Tags.for_book("Book", "Author"))
    chapters = read_chapters(path)
    assert [c.title for c in chapters] == TITLES
    for got, want in zip(chapters, written):
        assert got.start_s == pytest.approx(want.start_s, abs=0.002)
        assert got.end_s == pytest.approx(want.end_s, abs=0.002)
    total = probe_duration(path)
    assert sum(c.duration_s for c in chapters) == pytest.approx(total, abs=0.05)
    assert total == pytest.approx(sum(SECONDS), abs=0.05)


def test_m4b_is_a_real_audiobook(tmp_path, jpeg_cover):
    path = tmp_path / "book.m4b"
    tags = Tags.for_book("The Book", "Jane Writer", date="2020", narrator="af_heart", cover=jpeg_cover)
    write_book(path, tags)
    info = probe(path)
    assert info.codec == "aac" and info.sample_rate == SR and info.channels == 1
    assert info.has_cover
    data = path.read_bytes()
    assert data[4:8] == b"ftyp" and data[8:12] == b"M4B "
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat")  # faststart: playable while downloading
    read = read_tags(path)
    assert read["title"] == "The Book"
    assert read["artist"] == "Jane Writer"
    assert read["album"] == "The Book"
    assert read["album_artist"] == "Jane Writer"
    assert read["composer"] == "af_heart"
    assert read["genre"] == "Audiobook"
    assert read["date"].startswith("2020")
    assert read_cover(path) == jpeg_cover
    # About 64 kb/s of AAC, not PCM in an MP4 (which would be ~384 kb/s).
    assert os.path.getsize(path) < 6 * 64_000 / 8 * sum(SECONDS)


@pytest.mark.parametrize("fmt", ["m4a", "mp3"])
def test_cover_png_read_back(tmp_path, fmt, png_cover):
    path = tmp_path / f"book.{fmt}"
    with open_sink(path, metadata=Tags(title="T", cover=png_cover)) as sink:
        sink.write(tone(0.5, 440))
    assert read_cover(path) == png_cover


def test_other_image_kinds_become_png(tmp_path, gif_cover):
    path = tmp_path / "book.m4b"
    with open_sink(path, metadata=Tags(title="T", cover=gif_cover)) as sink:
        sink.write(tone(0.5, 440))
    cover = read_cover(path)
    assert cover is not None and cover.startswith(b"\x89PNG")


def test_unreadable_cover_fails_at_open_not_at_the_end(tmp_path):
    with pytest.raises(InputError) as info:
        open_sink(tmp_path / "book.m4b", metadata=Tags(title="T", cover=b"not an image"))
    assert "JPEG or PNG" in info.value.hint
    assert os.listdir(tmp_path) == []


def test_cover_is_dropped_where_the_format_has_no_place(tmp_path, jpeg_cover):
    path = tmp_path / "out.flac"
    with open_sink(path, metadata=Tags(title="T", cover=jpeg_cover)) as sink:
        sink.write(tone(0.5, 440))
    assert read_tags(path)["title"] == "T"


def test_chapters_given_at_open(tmp_path):
    path = tmp_path / "book.m4b"
    marks = [ChapterMark("One", 0.0, 0.5), ChapterMark("Two", 0.5, 1.0)]
    with open_sink(path, chapters=marks) as sink:
        sink.write(tone(1.0, 440))
    assert [(c.title, c.start_s, c.end_s) for c in read_chapters(path)] == [
        ("One", 0.0, 0.5), ("Two", 0.5, 1.0)
    ]


def test_no_chapters_no_tags(tmp_path):
    path = tmp_path / "plain.m4a"
    with open_sink(path) as sink:
        sink.write(tone(0.5, 440))
    assert read_chapters(path) == []
    assert read_cover(path) is None
    assert "title" not in read_tags(path)
