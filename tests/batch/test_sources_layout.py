"""Which books a batch finds, where their audio goes, and what counts as done."""

from __future__ import annotations

from pathlib import Path

import pytest

from litetts_cli.batch.layout import assign_target, safe_name
from litetts_cli.batch.sources import discover
from litetts_cli.batch.state import BatchState
from litetts_cli.errors import UsageError


@pytest.fixture()
def shelf(tmp_path: Path) -> Path:
    for name in ["a/one.epub", "a/two.md", "b/three.txt", "b/cover.jpg", "b/.hidden/x.txt", "c/notes.MARKDOWN",
                 "c/paper.pdf"]:
        path = tmp_path / "shelf" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    return tmp_path / "shelf"


@pytest.mark.parametrize(
    "items, expected",
    [
        (["shelf"], ["a/one.epub", "a/two.md", "b/three.txt", "c/notes.MARKDOWN", "c/paper.pdf"]),
        (["shelf/a"], ["a/one.epub", "a/two.md"]),
        (["shelf/*/*.md"], ["a/two.md"]),
        (["shelf/**/*.txt"], ["b/three.txt"]),
        (["shelf/b/cover.jpg"], ["b/cover.jpg"]),  # named on its own: the reader says what is wrong
        (["shelf/missing.epub"], ["missing.epub"]),  # fails as its own book, with its reason
        (["shelf/a/two.md", "shelf/a"], ["a/two.md", "a/one.epub"]),  # each once, first mention first
    ],
)
def test_discover(shelf, items, expected):
    books = discover(items, cwd=shelf.parent)
    assert [str(p.relative_to(shelf)) for p in books] == expected


def test_list_file_paths_are_relative_to_the_list(shelf, tmp_path):
    listing = shelf / "todo.txt"
    listing.write_text("# next up\na/two.md\n\nb/*.txt\n")
    books = discover([], listing, cwd=tmp_path)
    assert [str(p.relative_to(shelf)) for p in books] == ["a/two.md", "b/three.txt"]


@pytest.mark.parametrize("items", [[], ["shelf/*.pdf"], ["shelf/**/*.docx"]])
def test_nothing_found_is_a_usage_error(shelf, items):
    with pytest.raises(UsageError, match="no books found"):
        discover(items, cwd=shelf.parent)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Pride and Prejudice", "Pride and Prejudice"),
        ("AC/DC: Live?", "AC DC Live"),
        ("  ...  ", "fallback"),
        ("Tab\tand\nnewline", "Tab and newline"),
        ("x" * 300, "x" * 120),
        ("Mr. Smith.", "Mr. Smith"),
    ],
)
def test_safe_name(text, expected):
    assert safe_name(text, "fallback") == expected


@pytest.mark.parametrize(
    "layout, split, expected",
    [
        ("audiobookshelf", False, "Jane Austen/Emma/Emma.m4b"),
        ("audiobookshelf", True, "Jane Austen/Emma"),
        ("flat", False, "Emma.m4b"),
        ("flat", True, "Emma"),
    ],
)
def test_layouts(tmp_path, layout, split, expected):
    target = assign_target(tmp_path, layout, "Jane Austen", "Emma", "emma", "m4b", split, set())
    assert target == tmp_path / expected


def test_same_title_twice_gets_the_source_name_then_a_number(tmp_path):
    taken: set[Path] = set()
    names = [assign_target(tmp_path, "flat", "", "Emma", stem, "m4b", False, taken).name
             for stem in ("emma", "emma-penguin", "emma")]
    assert names == ["Emma.m4b", "Emma (emma-penguin).m4b", "Emma (emma).m4b"]


def test_no_author_goes_under_unknown_author(tmp_path):
    target = assign_target(tmp_path, "audiobookshelf", "", "", "notes", "mp3", False, set())
    assert target == tmp_path / "Unknown Author/notes/notes.mp3"


def test_state_skips_only_intact_outputs(tmp_path):
    source = tmp_path / "book.md"
    source.write_text("x")
    out = tmp_path / "out"
    audio = out / "A" / "B" / "B.m4b"
    audio.parent.mkdir(parents=True)
    audio.write_bytes(b"1234")
    BatchState(out).record("fp1", source, [audio], "B", "A")
    again = BatchState(out)  # read back from disk
    assert again.done("fp1")["outputs"] == [audio] and again.done("fp1")["title"] == "B"
    assert again.done("fp2") is None  # changed source or options
    audio.write_bytes(b"12")  # damaged or replaced
    assert again.done("fp1") is None
    audio.unlink()
    assert again.done("fp1") is None


def test_a_new_fingerprint_of_a_source_replaces_the_old(tmp_path):
    source = tmp_path / "book.md"
    source.write_text("x")
    audio = tmp_path / "out" / "B.m4b"
    audio.parent.mkdir()
    audio.write_bytes(b"1")
    state = BatchState(tmp_path / "out")
    state.record("old", source, [audio])
    state.record("new", source, [audio])
    assert set(BatchState(tmp_path / "out").books) == {"new"}


def test_a_damaged_state_file_means_nothing_is_done(tmp_path):
    (tmp_path / ".litetts-batch.json").write_text("{not json")
    assert BatchState(tmp_path).done("anything") is None
