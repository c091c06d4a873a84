"""`litetts book` and `synth` on PDF, Word and HTML files, as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

DOCUMENTS = Path(__file__).parents[1] / "ingest" / "documents"
LITETTS = [sys.executable, "-m", "litetts_cli"]


def litetts(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(LITETTS + list(args), capture_output=True, text=True, timeout=300)


def test_list_chapters_json_of_a_pdf():
    result = litetts("book", str(DOCUMENTS / "latex-paper.pdf"), "--list-chapters", "--json")
    assert result.returncode == 0, result.stderr
    listing = json.loads(result.stdout)
    assert (listing["title"], listing["author"]) == ("Keeping the Light", "Ada Marlow")
    assert [row["title"] for row in listing["chapters"]][:3] == ["Keeping the Light", "Introduction", "Early Fires"]
    assert "2 footnote(s)" in result.stderr


def test_page_without_article_is_one_line_and_exit_1():
    result = litetts("book", str(DOCUMENTS / "web-no-article.html"), "--list-chapters")
    assert result.returncode == 1
    assert "has no article to read" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_synth_reads_the_article_of_a_page_not_its_menus():
    result = litetts("synth", str(DOCUMENTS / "web-news.html"), "--show-phonemes")
    assert result.returncode == 0, result.stderr
    assert "Daily Routine." in result.stdout and "Automation followed." in result.stdout
    assert "Harbour Gazette" not in result.stdout and "Accept all" not in result.stdout


def test_book_from_a_pdf_is_heard_as_written(tmp_home, tmp_path, whisper):
    """End to end with the real model: the last chapter of the LaTeX paper, from its
    bookmark, spoken and heard back by Whisper tiny.en as the paragraph we wrote."""
    import soundfile as sf

    from tests.helpers import transcribe, word_error_rate
    from tests.ingest.documents.corpus_text import SECTIONS

    out = tmp_path / "conclusion.wav"
    result = litetts("book", str(DOCUMENTS / "latex-paper.pdf"), "--chapters", "7", "-o", str(out),
                     "--workers", "1", "--json", "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [c["title"] for c in summary["chapters"]] == ["Conclusion"]
    audio, rate = sf.read(out, dtype="float32")
    words = len(SECTIONS[-1].paragraphs[0].split()) + 1
    assert words / 4.0 < len(audio) / rate < words / 1.5  # 90 to 240 words a minute
    heard = transcribe(whisper, audio, rate)
    assert word_error_rate("Conclusion. " + SECTIONS[-1].paragraphs[0], heard) < 0.15, heard


def listing(*args: str) -> dict:
    result = litetts("book", *args, "--list-chapters", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_list_chapters_json_accounts_for_every_word_in_each_format():
    """Words read and skipped by reason, as for EPUB: in the totals and per chapter."""
    expectations = {
        "latex-twocolumn.pdf": {"running headers", "page numbers", "notes"},
        "libreoffice-report.docx": {"notes", "tables"},
        "web-real/wikipedia.html": {"tables", "reference list", "not part of the article"},
    }
    for name, reasons in expectations.items():
        answer = listing(str(DOCUMENTS / name))
        assert set(answer["words"]["skipped"]) == reasons, name
        assert answer["words"]["read"] == sum(row["words"] for row in answer["chapters"])
        per_chapter = {}
        for row in answer["chapters"]:
            for reason, words in row["skipped"].items():
                per_chapter[reason] = per_chapter.get(reason, 0) + words
        parts: dict[str, int] = {}
        for part in answer["skipped"]:  # one reason may cover several parts ("See also", "References")
            parts[part["reason"]] = parts.get(part["reason"], 0) + part["words"]
        for reason, words in answer["words"]["skipped"].items():
            assert per_chapter.get(reason, 0) + parts.get(reason, 0) == words, (name, reason)


def test_notes_option_reads_word_footnotes():
    answer = listing(str(DOCUMENTS / "libreoffice-report.docx"), "--notes", "end-of-chapter")
    assert set(answer["words"]["skipped"]) == {"tables"}
    skipped = listing(str(DOCUMENTS / "libreoffice-report.docx"))["words"]
    assert answer["words"]["read"] == skipped["read"] + skipped["skipped"]["notes"] + 2  # "Notes." twice
