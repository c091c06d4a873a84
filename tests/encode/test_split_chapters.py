"""One file per chapter: safe names, track tags, audio cut at the marks."""

import numpy as np
import pytest
import soundfile as sf

from litetts_cli.encode import (
    ChapterMark,
    Tags,
    chapter_filename,
    decode_audio,
    open_chapter_sink,
    probe_duration,
    read_tags,
    sanitize_filename,
    split_by_chapters,
)
from litetts_cli.errors import OutputError

SR = 24_000


@pytest.mark.parametrize(
    ("title", "safe"),
    [
        ("Chapter 1", "Chapter 1"),
        ("Chapter 1: The Beginning", "Chapter 1 The Beginning"),
        ("a/b\\c", "a b c"),
        ('Why? "Because" <no> | *', "Why Because no"),
        ("Tab\tand\nnewline", "Tab and newline"),
        ("  ..hidden..  ", "hidden"),
        ("Trailing dot.", "Trailing dot"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("Conclusion", "Conclusion"),
        ("Épilogue — “la fin”", "Épilogue — “la fin”"),
        ("日本語の章", "日本語の章"),
        ("", ""),
        ("???", ""),
        ("x" * 300, "x" * 100),
    ],
)
def test_sanitize_filename(title, safe):
    assert sanitize_filename(title) == safe


@pytest.mark.parametrize(
    ("number", "title", "fmt", "total", "expected"),
    [
        (3, "Intro", "mp3", 12, "03 - Intro.mp3"),
        (3, "Intro", "m4b", 120, "003 - Intro.m4b"),
        (7, "", "flac", 9, "07 - Chapter 7.flac"),
        (1, "Part 1/2: Start", "ogg", 2, "01 - Part 1 2 Start.ogg"),
        (12, "End", "opus", 12, "12 - End.opus"),
    ],
)
def test_chapter_filename(number, title, fmt, total, expected):
    assert chapter_filename(number, title, fmt, total) == expected


def dominant_frequency(audio: np.ndarray) -> float:
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(audio.size)))
    return float(np.fft.rfftfreq(audio.size, 1 / SR)[np.argmax(spectrum)])


def test_split_by_chapters(tmp_path):
    freqs, seconds = [300.0, 500.0, 700.0], [1.0, 1.5, 0.5]
    audio = np.concatenate(
        [0.3 * np.sin(2 * np.pi * f * np.arange(round(s * SR)) / SR) for f, s in zip(freqs, seconds)]
    ).astype(np.float32)
    source = tmp_path / "book.flac"
    sf.write(source, audio, SR)
    starts = np.cumsum([0.0] + seconds)
    titles = ["Opening", "Middle: part/two", "End"]
    chapters = [ChapterMark(t, float(a), float(b)) for t, a, b in zip(titles, starts[:-1], starts[1:])]
    out = tmp_path / "chapters"
    paths = split_by_chapters(source, chapters, out, "mp3", Tags.for_book("Book", "Author"), block_frames=5000)
    assert [p.name for p in paths] == ["01 - Opening.mp3", "02 - Middle part two.mp3", "03 - End.mp3"]
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in paths]
    for number, (path, title, freq, length) in enumerate(zip(paths, titles, freqs, seconds), 1):
        assert probe_duration(path) == pytest.approx(length, abs=0.03)
        assert dominant_frequency(decode_audio(path, SR)) == pytest.approx(freq, abs=3)
        tags = read_tags(path)
        assert tags["title"] == title
        assert tags["album"] == "Book" and tags["artist"] == "Author"
        assert tags["track"] == f"{number}/3"


def test_open_chapter_sink_creates_folder_and_tags(tmp_path):
    folder = tmp_path / "new" / "folder"
    with open_chapter_sink(folder, 2, 10, "Second", "flac", Tags.for_book("B", "A")) as sink:
        sink.write(np.zeros(SR // 10, np.float32) + 0.1)
    path = folder / "02 - Second.flac"
    tags = read_tags(path)
    assert tags["title"] == "Second" and tags["album"] == "B"
    assert tags["track"].split("/")[0] == "2"


def test_open_chapter_sink_in_a_file_is_an_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        open_chapter_sink(blocker / "sub", 1, 1, "One", "wav")
