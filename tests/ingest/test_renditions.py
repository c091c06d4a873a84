"""An EPUB with several renditions (OCF multiple rootfiles) is read in its first, default
one, as the IDPF's WCAG sample lists its print rendition before one in braille cells."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.ingest import load_document
from tests.ingest.ingest_books import BookSpec, Page, write_book

_PRINT = [("Chapter 1 - Welcome to the World", "The world is a big place."),
          ("Focus on Geography", "Maps show where people live.")]
_BRAILLE = [("⠠⠠⠡⠁⠏⠞⠻ ⠼⠁", "⠠⠮ ⠸⠺ ⠊⠎ ⠁ ⠃⠊⠛ ⠏⠇⠁⠉⠑⠲"), ("⠠⠠⠋⠕⠉⠥⠎", "⠠⠍⠁⠏⠎ ⠩⠪ ⠱⠻⠑⠲")]
_CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0"><rootfiles>{}</rootfiles></container>"""


def _rendition(path: Path, chapters: list[tuple[str, str]]) -> Path:
    pages = [Page(f"ch{n}.xhtml", f"<h1>{title}</h1><p>{text}</p>") for n, (title, text) in enumerate(chapters)]
    toc = [epub.Link(f"ch{n}.xhtml", title, f"ch{n}") for n, (title, _) in enumerate(chapters)]
    return write_book(path, BookSpec(pages, toc=toc, title="World Cultures and Geography"))


def _two_renditions(tmp_path: Path, order: list[str]) -> Path:
    """One EPUB holding the print book under print/ and the braille one under braille/,
    the container naming them in ``order``."""
    sources = {"print": _rendition(tmp_path / "p.epub", _PRINT), "braille": _rendition(tmp_path / "b.epub", _BRAILLE)}
    path = tmp_path / "wcag.epub"
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        rootfiles = ""
        for name in order:
            with zipfile.ZipFile(sources[name]) as source:
                for info in source.infolist():
                    if info.filename.startswith("EPUB/"):
                        out.writestr(name + info.filename[4:], source.read(info))
            rootfiles += f'<rootfile full-path="{name}/content.opf" media-type="application/oebps-package+xml"/>'
        out.writestr("META-INF/container.xml", _CONTAINER.format(rootfiles))
    return path


@pytest.mark.parametrize("order, chapters", [
    (["print", "braille"], _PRINT),  # ebooklib alone read the last, braille one
    (["print"], _PRINT),
])
def test_the_first_rendition_is_read(tmp_path, order, chapters):
    doc = load_document(_two_renditions(tmp_path, order))
    assert [(c.title, c.paragraphs[-1]) for c in doc.chapters] == [(title, text) for title, text in chapters]


_UNIT = "⠠⠠⠥⠝⠊⠞ ⠼⠁"


@pytest.mark.parametrize("unit, labels, titles", [
    # Braille cells say nothing aloud: a chapter so titled, in its TOC label and its heading,
    # is "Chapter N" (was "Chapter ⠠⠠⠡⠁⠏⠞⠻ ⠼⠁"); a part page with nothing else is not read.
    (_UNIT, [_UNIT, _BRAILLE[0][0], _BRAILLE[1][0]], ["Chapter 1", "Chapter 2"]),
    # A TOC label in words names the chapter whose heading is in braille.
    ("Unit 1", ["Unit 1", _PRINT[0][0], _PRINT[1][0]], ["Unit 1: " + _PRINT[0][0], _PRINT[1][0]]),
])
def test_a_title_in_braille_cells_falls_back(tmp_path, unit, labels, titles):
    pages = [Page("unit.xhtml", f"<h1>{unit}</h1>")] + [
        Page(f"ch{n}.xhtml", f"<h1>{heading}</h1><p>{text}</p>")
        for n, ((heading, _), (_, text)) in enumerate(zip(_BRAILLE, _PRINT))]
    toc = [(epub.Section(labels[0], "unit.xhtml"), [
        epub.Link(f"ch{n}.xhtml", label, f"ch{n}") for n, label in enumerate(labels[1:])])]
    doc = load_document(write_book(tmp_path / "b.epub", BookSpec(pages, toc=toc)))
    assert [c.title for c in doc.chapters] == titles
    assert [c.paragraphs[-1] for c in doc.chapters] == [text for _, text in _PRINT]
