"""Ingest time grows linearly with paragraph length (no quadratic regexes).

No absolute times: an 8x longer paragraph must take well under the 64x a quadratic
pass would, whatever the machine.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.ingest import load_document
from tests.ingest.ingest_books import BookSpec, Page, write_book

SMALL_WORDS = 100_000  # about 0.5 MB
GROWTH = 8
LIMIT = 24  # between linear (8) and quadratic (64)


def write_text(path: Path, words: int) -> Path:
    path.write_text("word " * words, encoding="utf-8")
    return path


def write_markdown(path: Path, words: int) -> Path:
    # Some inline markup, as in real prose; markdown-it spends ~20 µs on each span.
    path.write_text("# Title\n\n" + ("*word* " + "word " * 19) * (words // 20), encoding="utf-8")
    return path


def write_epub_book(path: Path, words: int) -> Path:
    spec = BookSpec([Page("c.xhtml", "<p>" + "word " * words + "</p>")], toc=[epub.Link("c.xhtml", "C", "c")])
    return write_book(path, spec)


def fastest_load(path: Path) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        load_document(path)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize(
    ("writer", "suffix"), [(write_text, ".txt"), (write_markdown, ".md"), (write_epub_book, ".epub")]
)
def test_long_paragraph_ingest_is_linear(tmp_path, writer, suffix):
    small = writer(tmp_path / f"small{suffix}", SMALL_WORDS)
    large = writer(tmp_path / f"large{suffix}", SMALL_WORDS * GROWTH)
    assert load_document(large).word_count >= SMALL_WORDS * GROWTH
    ratio = fastest_load(large) / fastest_load(small)
    assert ratio < LIMIT, f"{GROWTH}x the text took {ratio:.1f}x the time"
