"""Issue 11: a book with chapters in two languages, read with a voice for each."""

from __future__ import annotations

import json
import subprocess
import sys

from ebooklib import epub

from tests.ingest.ingest_books import BookSpec, Page, write_book

LITETTS = [sys.executable, "-m", "litetts_cli"]


def litetts(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(LITETTS + list(args), capture_output=True, text=True, timeout=900)


def test_each_chapter_is_read_by_a_voice_of_its_language(tmp_home, tmp_path):
    pages = [
        Page("en.xhtml", "<h1>The Harbour</h1><p>The boats came in before dawn, and the gulls followed them.</p>"),
        Page("fr.xhtml", "<h1>Le Port</h1><p>Les bateaux sont rentrés avant l'aube, avec 25 caisses.</p>",
             body_attrs='xml:lang="fr"'),
    ]
    toc = [epub.Link("en.xhtml", "The Harbour", "en"), epub.Link("fr.xhtml", "Le Port", "fr")]
    book = write_book(tmp_path / "two.epub", BookSpec(pages, toc=toc, language="en-US"))

    default = litetts("book", str(book), "--list-chapters", "--json")
    assert default.returncode == 0, default.stderr
    assert [c["title"] for c in json.loads(default.stdout)["chapters"]] == ["The Harbour"]
    assert "Le Port" in default.stderr and "--languages all" in " ".join(default.stderr.split())

    result = litetts("book", str(book), "--languages", "all", "-o", str(tmp_path / "two.m4b"), "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [(c["language"], c["voice"]) for c in summary["chapters"]] == [("en-us", "af_heart"), ("fr", "ff_siwis")]
    assert all(c["audio_seconds"] > 2 for c in summary["chapters"])
    assert summary["words"]["read"] == sum(c["words"] for c in summary["chapters"])

    named = litetts("book", str(book), "--languages", "all", "--voice", "bf_emma", "--list-chapters", "--json")
    assert {c["voice"] for c in json.loads(named.stdout)["chapters"]} == {"bf_emma"}
