"""Three small books (EPUB with an author, Markdown, text) and a damaged EPUB, for batch tests."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LITETTS = [sys.executable, "-m", "litetts_cli"]

HARBOUR = """# The Harbour

The boats came in before dawn. Gulls followed them, crying over the grey water.

# The Storm

By noon the wind had turned. Nobody spoke on the long walk home.
"""
GARDEN = """The garden was older than the house. Its walls were warm in the afternoon.

Somebody had planted roses there, a long time ago.
"""


def write_epub(path: Path) -> Path:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("batch-tales")
    book.set_title("Small Tales")
    book.set_language("en")
    book.add_author("Ada Writer")
    items = []
    for number, (title, text) in enumerate([("A Quiet Start", "The house was still."),
                                            ("Footsteps", "Someone was on the stairs.")], 1):
        item = epub.EpubHtml(title=title, file_name=f"ch{number}.xhtml", lang="en")
        item.content = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>"
        book.add_item(item)
        items.append(item)
    book.toc = items
    book.spine = ["nav", *items]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(path), book)
    return path


def make_library(folder: Path, corrupt: bool = True) -> Path:
    """``folder`` with three good books and, if asked, one damaged EPUB."""
    folder.mkdir(parents=True, exist_ok=True)
    write_epub(folder / "tales.epub")
    (folder / "harbour.md").write_text(HARBOUR)
    (folder / "garden.txt").write_text(GARDEN)
    if corrupt:
        (folder / "damaged.epub").write_bytes(b"PK\x03\x04 this zip was cut short")
    return folder


EXPECTED_OUTPUTS = {
    "Ada Writer/Small Tales/Small Tales.m4b",
    "Unknown Author/harbour/harbour.m4b",
    "Unknown Author/garden/garden.m4b",
}


def run_batch(*args: str, env: dict | None = None, timeout: int = 900) -> tuple[int, dict, str]:
    """``litetts batch ... --json``: (exit code, the JSON summary, stderr)."""
    result = subprocess.run(LITETTS + ["batch", *args, "--json"], capture_output=True, text=True,
                            timeout=timeout, env=env)
    assert result.stdout, result.stderr
    return result.returncode, json.loads(result.stdout), result.stderr


def chapters_by_book(summary: dict) -> dict[str, list[tuple[str, float]]]:
    """Book title -> [(chapter title, seconds)] for every converted book."""
    return {b["title"]: [(c["title"], c["audio_seconds"]) for c in b["chapters"]]
            for b in summary["books"] if b["status"] == "done"}
