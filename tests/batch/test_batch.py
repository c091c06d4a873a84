"""`litetts batch` end to end on this machine's pool, with the real model."""

from __future__ import annotations

from pathlib import Path

from litetts_cli.encode import read_chapters, read_tags
from tests.batch.books import EXPECTED_OUTPUTS, chapters_by_book, make_library, run_batch


def test_a_library_with_a_damaged_book(tmp_home, tmp_path):
    library = make_library(tmp_path / "shelf")
    out = tmp_path / "audiobooks"
    cache = str(tmp_path / "cache")
    code, summary, stderr = run_batch(str(library), "-o", str(out), "--cache-dir", cache)

    # The damaged EPUB fails alone, with its one-line reason; the exit code says so.
    assert code == 1
    status = {Path(b["source"]).name: b["status"] for b in summary["books"]}
    assert status == {"damaged.epub": "failed", "garden.txt": "done", "harbour.md": "done", "tales.epub": "done"}
    [failed] = [b for b in summary["books"] if b["status"] == "failed"]
    assert "damaged.epub" in failed["error"] and "\n" not in failed["error"]
    assert failed["error"] in stderr and "Traceback" not in stderr

    # Audiobookshelf's layout, chapter titles from each book, tags from the EPUB.
    written = {str(p.relative_to(out)) for p in out.rglob("*.m4b")}
    assert written == EXPECTED_OUTPUTS
    tales = out / "Ada Writer/Small Tales/Small Tales.m4b"
    assert [c.title for c in read_chapters(tales)] == ["A Quiet Start", "Footsteps"]
    assert read_tags(tales)["artist"] == "Ada Writer"
    first = chapters_by_book(summary)
    assert [t for t, _ in first["harbour"]] == ["The Harbour", "The Storm"]
    assert all(seconds > 1 for book in first.values() for _, seconds in book)

    # Again: the three done books are skipped untouched; the damaged one fails again.
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*.m4b")}
    code, again, _ = run_batch(str(library), "-o", str(out), "--cache-dir", cache)
    assert code == 1
    assert sorted(b["status"] for b in again["books"]) == ["failed", "skipped", "skipped", "skipped"]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.m4b")} == mtimes

    # An edited book converts again, reusing the chunks it still shares; the rest skip.
    (library / "harbour.md").write_text((library / "harbour.md").read_text() + "\nThe end came quietly.\n")
    code, edited, _ = run_batch(str(library / "harbour.md"), str(library / "garden.txt"), "-o", str(out),
                                "--cache-dir", cache)
    assert code == 0
    [harbour] = [b for b in edited["books"] if b["title"] == "harbour"]
    assert harbour["status"] == "done" and harbour["reused_chunks"] >= 3 and harbour["synthesized_chunks"] >= 1
    assert [b["status"] for b in edited["books"] if b["title"] == "garden"] == ["skipped"]
