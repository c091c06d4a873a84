"""Hostile input that should still work, in bounded time and memory (issue 20): long
unbroken tokens, emoji and control characters, odd file names; and SIGTERM and a
corrupt cover, which used to leave a temp folder or fail a book at its end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.hostile.inputs import run_litetts, snapshot
from tests.hostile.test_cli_hostile import GB, MIB
from tests.ingest.ingest_books import JPEG_BYTES, BookSpec, Page, write_book

EMOJI_AND_CONTROLS = (
    "Hello 😀😀😀🎉 there\x01\x02\x03.\n" + "🙂\x07\x1b" * 40 + "\nGood 👍🏽 night ✓ ★★★★★.\n"
    + "".join(chr(c) for c in range(0x1F600, 0x1F640)) + " end.\n"
)


@dataclass(frozen=True)
class Bounded:
    id: str
    args: list[str]
    stdin: bytes | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)
    says: tuple[str, ...] = ()
    """Pieces of standard output."""
    never: tuple[str, ...] = ()
    """What standard output must not hold."""
    timeout: float = 300


CASES = [
    Bounded("one-200kb-word-on-stdin", ["synth", "-", "--show-phonemes"], stdin=b"abcdefgh" * 25_000,
            says=("tokens",)),
    Bounded("one-10mb-word-normalized", ["normalize", "-"], stdin=b"a" * 10_000_000, says=("aaaa",)),
    Bounded("200kb-of-digits", ["normalize", "-"], stdin=b"7" * 200_000, says=("seven",)),
    Bounded("emoji-and-control-characters-dropped", ["synth", "emoji.txt", "--show-phonemes"],
            files={"emoji.txt": EMOJI_AND_CONTROLS.encode()}, says=("Hello", "there", "night", "end"),
            never=("😀", "🙂", "\x07", "\x1b", "grinning", "star")),
    Bounded("emoji-read-by-name-when-asked", ["synth", "Good job 👍👍👍👍.", "--show-phonemes"],
            env={"LITETTS_EMOJI": "name"}, says=("thumbs up sign",), never=("thumbs up sign, thumbs",)),
    Bounded("dash-file-after-double-dash", ["synth", "--show-phonemes", "--", "-dash.txt"],
            files={"-dash.txt": b"The dash file speaks."}, says=("dash file speaks",)),
    Bounded("file-name-with-newline", ["synth", "new\nline.txt", "--show-phonemes"],
            files={"new\nline.txt": b"Contents, not the name."}, says=("Contents",), never=("line.txt",)),
    Bounded("url-of-100k-characters", ["normalize", "-"], stdin=b"see http://x.com/" + b"a/" * 50_000,
            says=("dot com",)),
    Bounded("markup-brackets-100k", ["normalize", "-"], stdin=b"[" * 100_000 + b"word", says=("word",)),
    Bounded("ssml-nested-20k", ["normalize", "-"], stdin=b"<speak>" * 20_000 + b"deep", says=("deep",)),
]


@pytest.fixture()
def env(tmp_path: Path, tmp_home: Path) -> dict[str, str]:
    result = dict(os.environ)
    result["LITETTS_CACHE_DIR"] = str(tmp_path / "cache")
    return result


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_that_should_work_stays_bounded(case: Bounded, tmp_path: Path, env):
    work = tmp_path / "work"
    work.mkdir()
    for name, data in case.files.items():
        (work / name).write_bytes(data)
    before = snapshot(work)
    result = run_litetts(case.args, cwd=work, env={**env, **case.env}, stdin=case.stdin, timeout=case.timeout)
    assert not result.timed_out, f"{case.id}: still running after {case.timeout} s (a hang)"
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    out = result.stdout.decode("utf-8", "replace")
    for piece in case.says:
        assert piece in out, f"{piece!r} not in {out[:300]!r}"
    for piece in case.never:
        assert piece not in out, f"{piece!r} in {out[:300]!r}"
    assert snapshot(work) == before
    assert result.peak_rss_bytes < GB, f"peak memory {result.peak_rss_bytes / MIB:.0f} MiB"


def test_sigterm_during_synth_leaves_nothing_behind(tmp_path: Path, env):
    work = tmp_path / "work"
    work.mkdir()
    (work / "long.txt").write_text("This sentence is spoken again and again. " * 300, encoding="utf-8")
    before = snapshot(work)
    proc = subprocess.Popen(
        [sys.executable, "-m", "litetts_cli", "synth", "long.txt", "-o", "out.mp3", "--no-cache"],
        cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 120
    while not any(p.name.endswith(".litetts-tmp") for p in work.iterdir()):
        assert proc.poll() is None, proc.stderr.read().decode()
        assert time.monotonic() < deadline, "synthesis never started writing"
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    stderr = proc.communicate(timeout=60)[1].decode()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and stderr.strip().splitlines() == ["litetts: error: interrupted"]
    assert snapshot(work) == before, "SIGTERM left the output or a temp folder behind"


def test_corrupt_cover_is_dropped_before_synthesis(tmp_path: Path, env):
    work = tmp_path / "work"
    work.mkdir()
    write_book(work / "covered.epub", BookSpec(
        [Page("c1.xhtml", "<h1>One</h1><p>A very short book.</p>")], cover=("cover.jpg", JPEG_BYTES),
    ))
    result = run_litetts(["book", "covered.epub", "-o", "covered.mp3", "--workers", "1", "--no-loudness"],
                         cwd=work, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "cover image cannot be used" in result.stderr
    assert (work / "covered.mp3").stat().st_size > 1000


@pytest.mark.parametrize("command, pieces", [
    ("synth", ("--max-input-size", "64M", "-- -notes.txt")),
    ("book", ("--max-input-size", "--max-unpacked-size", "256M", "-- -draft.md")),
    ("serve", ("--body-timeout", "408")),
])
def test_limits_are_stated_in_help(command, pieces, tmp_path: Path, env):
    result = run_litetts([command, "--help"], cwd=tmp_path, env={**env, "COLUMNS": "200"}, timeout=60)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.decode().split())
    for piece in pieces:
        assert piece in text, piece
