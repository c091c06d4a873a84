"""`litetts book` end to end with the real model: chapters, tags, resume, bad books."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from ebooklib import epub

from litetts_cli.encode import probe, read_chapters, read_cover, read_tags

LITETTS = [sys.executable, "-m", "litetts_cli"]

MARKDOWN_BOOK = """# The Harbour

The boats came in before dawn. Gulls followed them, crying over the grey water.

Mara counted the crates twice. Forty-two, the same as yesterday.

# The Storm

By noon the wind had turned. The sky went the colour of slate.

Nobody spoke on the long walk home.

# The Morning After

The harbour was quiet again. Only the nets, torn and tangled, told the story.
"""


def litetts(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run(LITETTS + list(args), capture_output=True, text=True, timeout=timeout)


@pytest.fixture()
def book(tmp_path: Path) -> Path:
    path = tmp_path / "harbour.md"
    path.write_text(MARKDOWN_BOOK)
    return path


def convert_json(source: Path, *args: str) -> dict:
    result = litetts("book", str(source), "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_markdown_book_to_m4b_with_titled_chapters(tmp_home, tmp_path, book):
    out = tmp_path / "harbour.m4b"
    summary = convert_json(book, "-o", str(out), "--cache-dir", str(tmp_path / "cache"), "--subtitles", "srt")
    chapters = read_chapters(out)
    assert [c.title for c in chapters] == ["The Harbour", "The Storm", "The Morning After"]
    info = probe(out)
    assert info.codec == "aac" and info.sample_rate == 24_000
    assert chapters[0].start_s == 0
    assert all(a.end_s == pytest.approx(b.start_s, abs=0.01) for a, b in zip(chapters, chapters[1:]))
    assert chapters[-1].end_s == pytest.approx(info.duration_s, abs=0.1)
    assert sum(c["audio_seconds"] for c in summary["chapters"]) == pytest.approx(info.duration_s, abs=0.1)
    # Words in vs audio out: every chapter is read at a human pace, nothing dropped.
    for chapter in summary["chapters"]:
        assert 90 < chapter["words"] / (chapter["audio_seconds"] / 60) < 220, chapter
    assert read_tags(out)["genre"] == "Audiobook"
    srt = out.with_suffix(".srt").read_text()
    assert "Mara counted the crates twice." in srt
    assert srt.count("The Storm") == 1  # a chapter's heading is announced once
    assert srt.count(" --> ") == 12  # three titles and nine sentences


def test_epub_chapters_cover_and_tags(tmp_home, tmp_path):
    book = epub.EpubBook()
    book.set_identifier("id-1")
    book.set_title("Small Tales")
    book.set_language("en")
    book.add_author("Ada Writer")
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
        "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
    )
    book.set_cover("cover.png", png)
    chapters = []
    for number, (title, text) in enumerate([("A Quiet Start", "The house was still."), ("Footsteps", "Someone was on the stairs.")], 1):
        item = epub.EpubHtml(title=title, file_name=f"ch{number}.xhtml", lang="en")
        item.content = f"<html><body><h1>{title}</h1><p>{text}</p></body></html>"
        book.add_item(item)
        chapters.append(item)
    book.toc = chapters
    book.spine = ["nav", *chapters]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    source = tmp_path / "tales.epub"
    epub.write_epub(str(source), book)

    out = tmp_path / "tales.m4b"
    convert_json(source, "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    assert [c.title for c in read_chapters(out)] == ["A Quiet Start", "Footsteps"]
    tags = read_tags(out)
    assert tags["title"] == "Small Tales" and tags["artist"] == "Ada Writer"
    assert read_cover(out) is not None


def test_a_blank_chapter_is_its_own_marker_in_the_m4b(tmp_home, tmp_path):
    """Tristram Shandy's blank chapters: a mark with the title said, never one of no length."""
    from tests.ingest.ingest_books import BookSpec, Page, write_book

    text = {"I": "<p>The house was still.</p>", "II": "", "III": "<p>Someone was on the stairs.</p>"}
    pages = [Page(f"c{n}.xhtml", f'<section epub:type="chapter"><h2>{t}</h2>{body}</section>')
             for n, (t, body) in enumerate(text.items(), 1)]
    toc = [epub.Link(f"c{n}.xhtml", t, f"c{n}") for n, t in enumerate(text, 1)]
    source = write_book(tmp_path / "blank.epub", BookSpec(pages, toc=toc))
    out = tmp_path / "blank.m4b"
    convert_json(source, "-o", str(out), "--cache-dir", str(tmp_path / "cache"))
    chapters = read_chapters(out)
    assert [c.title for c in chapters] == ["I", "II", "III"]
    # "Chapter Two." and a chapter's pause (2 s by default): longer than the pause, shorter than a sentence more.
    assert 2.3 < chapters[1].end_s - chapters[1].start_s < 5.0


def test_split_chapters_writes_numbered_tracks(tmp_home, tmp_path, book):
    folder = tmp_path / "tracks"
    summary = convert_json(book, "--split", "chapters", "-f", "mp3", "-o", str(folder), "--chapters", "1,3",
                           "--cache-dir", str(tmp_path / "cache"))
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["01 - The Harbour.mp3", "03 - The Morning After.mp3"]
    assert read_tags(folder / files[1])["track"].startswith("3")
    assert len(summary["outputs"]) == 2


@pytest.mark.parametrize("target", [-18.0, -14.0])
def test_the_book_reaches_its_loudness_target_under_the_peak_ceiling(tmp_home, tmp_path, book, target):
    import soundfile as sf

    from litetts_cli.assemble import CEILING_DB, measure_file

    out = tmp_path / "harbour.flac"
    summary = convert_json(book, "-o", str(out), "--loudness", str(target), "--cache-dir", str(tmp_path / "cache"))
    measured = measure_file(out)
    audio, _ = sf.read(out, dtype="float32")
    # Kokoro's speech peaks near full scale, so one gain under a peak ceiling left
    # books several LU short of the target; the limiter turns down only those peaks.
    assert measured.integrated_lufs == pytest.approx(target, abs=0.5), summary["loudness_lufs"]
    assert float(abs(audio).max()) <= 10 ** (CEILING_DB / 20) + 1e-4
    assert summary["gain_db"] == pytest.approx(target - summary["loudness_lufs"], abs=0.01)


def test_list_chapters_json(tmp_home, book):
    result = litetts("book", str(book), "--list-chapters", "--json")
    rows = json.loads(result.stdout)["chapters"]
    assert [(r["index"], r["title"]) for r in rows] == [(1, "The Harbour"), (2, "The Storm"), (3, "The Morning After")]


def test_sigkill_then_resume_matches_an_uninterrupted_run(tmp_home, tmp_path, book):
    reference = convert_json(book, "-o", str(tmp_path / "ref.m4b"), "--cache-dir", str(tmp_path / "cache-ref"),
                             "--workers", "1")
    cache = tmp_path / "cache"
    out = tmp_path / "resumed.m4b"
    process = subprocess.Popen(
        LITETTS + ["book", str(book), "-o", str(out), "--cache-dir", str(cache), "--workers", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.monotonic() + 600
    while len(list(cache.glob("*/*.ltc"))) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process.poll() is None, "the run finished before it could be interrupted"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not out.exists(), "a killed run must not leave a finished-looking audiobook"

    resumed = convert_json(book, "-o", str(out), "--cache-dir", str(cache), "--workers", "1")
    assert resumed["reused_chunks"] >= 3
    assert resumed["synthesized_chunks"] + resumed["reused_chunks"] == reference["synthesized_chunks"]
    assert [(c["title"], c["audio_seconds"]) for c in resumed["chapters"]] == [
        (c["title"], c["audio_seconds"]) for c in reference["chapters"]
    ]
    assert probe(out).duration_s == pytest.approx(probe(tmp_path / "ref.m4b").duration_s, abs=0.05)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("broken.epub", b"this is not a zip file", "EPUB"),
        ("empty.txt", b"", "no text"),
        ("blank.md", b"   \n\n  ", "no text"),
    ],
)
def test_bad_books_fail_with_one_line(tmp_home, tmp_path, name, content, message):
    source = tmp_path / name
    source.write_bytes(content)
    result = litetts("book", str(source), "-o", str(tmp_path / "x.m4b"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert message.lower() in result.stderr.lower(), result.stderr
    assert not (tmp_path / "x.m4b").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--chapters", "9"], "does not exist"),
        (["--split", "pages"], "--split"),
        (["--subtitles", "ass"], "subtitle"),
        (["-o", "/no/such/folder/x.m4b"], "does not exist"),
    ],
)
def test_bad_options_fail_before_synthesis(tmp_home, tmp_path, book, args, message):
    result = litetts("book", str(book), *args, "--cache-dir", str(tmp_path / "cache"))
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").glob("*/*.ltc"))


def test_workers_die_with_a_killed_parent(tmp_home, tmp_path, book):
    process = subprocess.Popen(
        LITETTS + ["book", str(book), "-o", str(tmp_path / "x.m4b"), "--cache-dir", str(tmp_path / "cache"),
                   "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    def workers() -> list[str]:
        found = subprocess.run(["pgrep", "-P", str(process.pid), "-f", "loky"], capture_output=True, text=True)
        return found.stdout.split()

    deadline = time.monotonic() + 300
    while len(workers()) < 2 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    children = workers()
    assert children and process.poll() is None, "workers never started"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_running(pid) for pid in children), "orphaned workers kept running"


def _running(pid: str) -> bool:
    """Whether a process is alive: a zombie nobody has reaped yet is not."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")
