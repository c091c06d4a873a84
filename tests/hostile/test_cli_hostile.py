"""Hostile and careless input to the CLI, one row per attack (issue 20).

Every row runs a real `litetts` process and asserts: the exit code, one line on
stderr without a traceback, no output or temporary folder left behind, every file
that was there before byte-identical, and a peak memory under 1 GB. The subprocess
timeout only detects hangs; no row claims a speed.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest

from tests.hostile.inputs import (
    BILLION_LAUGHS_OPF,
    CONTAINER,
    OPF,
    chapter,
    run_litetts,
    snapshot,
    write_docx_bomb,
    write_epub,
)

GB = 1 << 30
MIB = 1 << 20
EVIL_LEXICON = '[normalize.replace]\n"(a|aa)+$" = "x"\n'


def _common_files(work: Path) -> None:
    (work / "book.txt").write_text("Chapter 1\n\nHello there, this is a short book.\n", encoding="utf-8")
    (work / "in.txt").write_text("Hello there.\n", encoding="utf-8")
    (work / "-dash.txt").write_text("A file whose name starts with a dash.\n", encoding="utf-8")
    (work / "adir").mkdir()
    (work / "afile").write_bytes(b"keep me")
    (work / "link.wav").symlink_to("in.txt")
    (work / "bin.dat").write_bytes(random.Random(20).randbytes(20_000))
    (work / "evil.toml").write_text(EVIL_LEXICON, encoding="utf-8")
    (work / "broken.toml").write_text("[normalize.replace\n", encoding="utf-8")
    (work / "nan.toml").write_text('speed = "nan"\n', encoding="utf-8")


@dataclass(frozen=True)
class Case:
    id: str
    args: list[str]
    code: int
    says: str
    """A piece of the one stderr line (case-insensitive)."""
    setup: Callable[[Path], None] | None = None
    stdin: bytes | str | None = None
    """Bytes to send, or the name of a file to open as stdin (/dev/zero)."""
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 120


def _zip_bomb(work: Path) -> None:
    write_epub(work / "bomb.epub", zeros=512 * MIB)  # about 0.5 MB packed


def _ratio_bomb(work: Path) -> None:
    write_epub(work / "ratio.epub", zeros=40 * MIB)  # under the member limit, 1000:1


def _lying_zip(work: Path) -> None:
    """A chapter that declares 100 bytes but holds 30 MiB: zipfile must stop at 100."""
    import zipfile

    path = work / "liar.epub"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", OPF)
        archive.writestr("OEBPS/c1.xhtml", chapter("<p>Hello.</p>") + bytes(30 * MIB))
    data = bytearray(path.read_bytes())
    name = b"OEBPS/c1.xhtml"
    local, central = data.find(name) - 30, data.rfind(name) - 46
    data[local + 22: local + 26] = (100).to_bytes(4, "little")
    data[central + 24: central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))


def _total_book(work: Path) -> None:
    write_epub(work / "many.epub", extra_members=40)


def _laughs(work: Path) -> None:
    write_epub(work / "laughs.epub", opf=BILLION_LAUGHS_OPF)


def _docx_bomb(work: Path) -> None:
    write_docx_bomb(work / "bomb.docx", zeros=300 * MIB)


def _big_text(work: Path) -> None:
    (work / "big.txt").write_text("word " * 400, encoding="utf-8")


def _corrupt_epub(work: Path) -> None:
    (work / "corrupt.epub").write_bytes(b"PK\x03\x04" + os.urandom(2000))


def _deep_epub(work: Path) -> None:
    write_epub(work / "deep.epub", chapter_bytes=chapter("<div>" * 100_000 + "deep" + "</div>" * 100_000))


CASES = [
    # Argument errors: one line, exit 2, whatever typer/click raised.
    Case("unknown-option", ["synth", "hi", "--bogus"], 2, "no such option: --bogus"),
    Case("unknown-command", ["frobnicate"], 2, "no such command"),
    Case("speed-not-a-number", ["synth", "hi", "--speed", "abc", "-o", "x.wav"], 2, "--speed"),
    Case("speed-nan", ["synth", "hi", "--speed", "nan", "-o", "x.wav"], 2, "not a finite number"),
    Case("speed-inf", ["synth", "hi", "--speed", "inf", "-o", "x.wav"], 2, "not a finite number"),
    Case("speed-minus-inf", ["synth", "hi", "--speed=-inf", "-o", "x.wav"], 2, "not a finite number"),
    Case("speed-out-of-range", ["synth", "hi", "--speed", "9", "-o", "x.wav"], 2, "out of range"),
    Case("loudness-nan", ["book", "book.txt", "--loudness", "nan", "-o", "x.wav"], 2, "--loudness"),
    Case("loudness-inf", ["book", "book.txt", "--loudness", "inf", "-o", "x.wav"], 2, "--loudness"),
    Case("loudness-absurd", ["book", "book.txt", "--loudness", "30", "-o", "x.wav"], 2, "--loudness"),
    Case("heading-level-7", ["book", "book.txt", "--heading-level", "7"], 2, "--heading-level"),
    Case("workers-0", ["book", "book.txt", "--workers", "0"], 2, "--workers"),
    Case("gpus-per-actor-0", ["book", "book.txt", "--cluster", "auto", "--gpus-per-actor", "0"], 2, "--gpus-per-actor"),
    Case("gpus-per-actor-2", ["batch", "book.txt", "-o", "out", "--gpus-per-actor", "2"], 2, "--gpus-per-actor"),
    Case("dialogue-voice-unknown", ["book", "book.txt", "--dialogue-voice", "nosuchvoice"], 2, "unknown voice"),
    Case("threads-negative", ["synth", "hi", "--threads", "-3", "-o", "x.wav"], 2, "--threads"),
    Case("dash-file-without-double-dash", ["synth", "-dash.txt", "-o", "x.wav"], 2, "put -- before it"),
    Case("dash-file-book", ["book", "-dash.txt"], 2, "put -- before it"),
    Case("missing-dash-file-after-double-dash", ["synth", "-o", "x.wav", "--", "-nope.txt"], 1, "no such file"),
    Case("unknown-format", ["synth", "hi", "-o", "x.xyz"], 2, ""),
    Case("unknown-split", ["book", "book.txt", "--split", "pages"], 2, "--split"),
    Case("bad-size-option", ["synth", "in.txt", "--max-input-size", "lots", "-o", "x.wav"], 2, "not a size"),
    Case("bad-size-env", ["synth", "in.txt", "-o", "x.wav"], 2, "LITETTS_MAX_INPUT_SIZE",
         env={"LITETTS_MAX_INPUT_SIZE": "-5"}),
    Case("nan-speed-in-config", ["synth", "hi", "-o", "x.wav"], 2, "out of range", env={"LITETTS_CONFIG": "nan.toml"}),
    Case("nan-speed-in-env", ["synth", "hi", "-o", "x.wav"], 2, "out of range", env={"LITETTS_SPEED": "nan"}),
    Case("emoji-mode-bogus", ["synth", "hi", "-o", "x.wav"], 2, "emoji", env={"LITETTS_EMOJI": "shout"}),
    # Voices that cannot be voices never reach the file system or the message in full.
    Case("voice-10000-chars", ["synth", "hi", "--voice", "v" * 10_000, "-o", "x.wav"], 2, "10000 characters"),
    Case("voice-path-traversal", ["synth", "hi", "--voice", "../../../etc/passwd", "-o", "x.wav"], 2, "unknown voice"),
    Case("voice-nul-escape", ["synth", "hi", "--voice", "af_heart\\x00", "-o", "x.wav"], 2, "unknown voice"),
    Case("voice-blend-of-1000-voices", ["synth", "hi", "--voice", ",".join(["af_heart:1"] * 1000), "-o", "x.wav"],
         2, "at most 16 voices"),
    Case("voice-blend-nan-weight", ["synth", "hi", "--voice", "af_heart:nan", "-o", "x.wav"], 2, "blend"),
    Case("voice-blend-inf-weight", ["synth", "hi", "--voice", "af_heart:1e999", "-o", "x.wav"], 2, "blend"),
    # Never write over an input.
    Case("synth-output-is-input", ["synth", "in.txt", "-o", "in.txt", "-f", "wav"], 1, "destroy the input"),
    Case("synth-output-is-input-respelled", ["synth", "in.txt", "-o", "adir/../in.txt", "-f", "wav"], 1, "destroy"),
    Case("synth-output-is-symlink-to-input", ["synth", "in.txt", "-o", "link.wav"], 1, "destroy the input"),
    Case("synth-output-is-lexicon", ["synth", "hi", "--lexicon", "afile", "-o", "afile", "-f", "wav"], 1, "destroy"),
    Case("book-output-is-input", ["book", "book.txt", "-o", "book.txt", "-f", "wav"], 1, "destroy the input"),
    Case("subtitles-would-replace-input", ["book", "talk.srt", "--subtitles", "srt", "-f", "wav"], 1,
         "destroy the input", setup=lambda work: (work / "talk.srt").write_text("Hello there.\n", encoding="utf-8")),
    Case("split-into-a-file", ["book", "book.txt", "--split", "chapters", "-o", "afile"], 1, "is a file"),
    Case("output-name-too-long", ["synth", "hi", "-o", "y" * 10_000 + ".wav"], 1, ""),
    Case("output-folder-missing", ["synth", "hi", "-o", "nowhere/x.wav"], 1, "does not exist"),
    Case("output-is-a-folder", ["synth", "hi", "-o", "adir"], 2, ""),
    # Unbounded or binary input.
    Case("book-dev-zero", ["book", "/dev/zero", "--list-chapters"], 1, "input limit", timeout=60),
    Case("synth-dev-zero-file", ["synth", "/dev/zero", "-o", "x.wav"], 1, "input limit", timeout=60),
    Case("synth-stdin-dev-zero", ["synth", "-", "-o", "x.wav"], 1, "input limit", stdin="/dev/zero", timeout=60),
    Case("normalize-stdin-dev-zero", ["normalize", "-"], 1, "input limit", stdin="/dev/zero", timeout=60),
    Case("input-over-configured-limit", ["synth", "big.txt", "--max-input-size", "1K", "-o", "x.wav"], 1,
         "--max-input-size", setup=_big_text),
    Case("stdin-over-env-limit", ["synth", "-", "-o", "x.wav"], 1, "input limit", stdin=b"word " * 1000,
         env={"LITETTS_MAX_INPUT_SIZE": "2K"}),
    Case("synth-binary-file", ["synth", "bin.dat", "-o", "x.wav"], 1, "binary"),
    Case("synth-binary-stdin", ["synth", "-", "-o", "x.wav"], 1, "binary", stdin=random.Random(3).randbytes(5000)),
    Case("book-binary-file", ["book", "bin.dat", "--list-chapters"], 1, "binary"),
    Case("synth-directory", ["synth", "adir", "-o", "x.wav"], 1, "folder"),
    Case("book-directory", ["book", "adir", "--list-chapters"], 1, "folder"),
    Case("synth-empty-text", ["synth", "", "-o", "x.wav"], 2, "no text"),
    Case("synth-only-emoji", ["synth", "😀🎉👍", "-o", "x.wav"], 2, "nothing to speak"),
    Case("synth-only-control-chars", ["synth", "-", "-o", "x.wav"], 1, "binary", stdin=b"\x01\x02\x03\x7f \x1b[31m"),
    Case("config-is-binary", ["synth", "hi", "-o", "x.wav"], 2, "config file", env={"LITETTS_CONFIG": "bin.dat"}),
    Case("missing-file-with-newline", ["book", "nope\nnever.txt", "--list-chapters"], 1, "nope\\nnever.txt"),
    # Archives: zip bombs refused from the sizes they declare, within seconds.
    Case("epub-zip-bomb", ["book", "bomb.epub", "--list-chapters"], 1, "unpacks to", setup=_zip_bomb, timeout=60),
    Case("epub-ratio-bomb", ["book", "ratio.epub", "--list-chapters"], 1, "zip bomb", setup=_ratio_bomb, timeout=60),
    Case("epub-declared-size-lies", ["book", "liar.epub", "--list-chapters"], 1, "", setup=_lying_zip, timeout=60),
    Case("epub-over-unpacked-limit", ["book", "many.epub", "--list-chapters", "--max-unpacked-size", "64K"], 1,
         "--max-unpacked-size", setup=_total_book),
    Case("epub-billion-laughs", ["book", "laughs.epub", "--list-chapters"], 1, "entities", setup=_laughs),
    Case("epub-random-bytes", ["book", "corrupt.epub", "--list-chapters"], 1, "", setup=_corrupt_epub),
    Case("docx-zip-bomb", ["book", "bomb.docx", "--list-chapters"], 1, "unpacks to", setup=_docx_bomb, timeout=60),
    # Lexicons: a rule that backtracks for ever is stopped; broken files are named.
    Case("lexicon-catastrophic-regex", ["synth", "a" * 60 + "!", "--lexicon", "evil.toml", "--show-phonemes"], 2,
         "ran longer than", timeout=60),
    Case("lexicon-broken-toml", ["synth", "hi", "--lexicon", "broken.toml", "--show-phonemes"], 2, "not valid TOML"),
    Case("lexicon-missing", ["synth", "hi", "--lexicon", "nope.toml", "--show-phonemes"], 1, "lexicon"),
    Case("lexicon-is-binary", ["synth", "hi", "--lexicon", "bin.dat", "--show-phonemes"], 2, "lexicon"),
    Case("lexicon-is-dev-zero", ["synth", "hi", "--lexicon", "/dev/zero", "--show-phonemes"], 1, "input limit",
         timeout=60),
    Case("lexicon-nested-100k-deep", ["synth", "hi", "--lexicon", "deep.toml", "--show-phonemes"], 1, "nested",
         setup=lambda work: (work / "deep.toml").write_text("a = " + "[" * 100_000 + "]" * 100_000 + "\n")),
    Case("chapters-huge-range", ["book", "book.txt", "--chapters", "1-999999999", "-o", "x.wav"], 2, "chapter"),
    Case("lexicon-via-normalize", ["normalize", "a" * 60 + "!", "--rules", "evil.toml"], 2, "ran longer than"),
]


@pytest.fixture()
def work(tmp_path: Path, tmp_home: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "work"
    folder.mkdir()
    _common_files(folder)
    env = dict(os.environ)
    env["LITETTS_CACHE_DIR"] = str(tmp_path / "cache")
    env.pop("LITETTS_DEBUG", None)
    return folder, env


def run_case(case: Case, folder: Path, env: dict[str, str]):
    stdin = Path(case.stdin) if isinstance(case.stdin, str) else case.stdin
    run_env = {**env, **{k: (str(folder / v) if k == "LITETTS_CONFIG" else v) for k, v in case.env.items()}}
    return run_litetts(case.args, cwd=folder, env=run_env, stdin=stdin, timeout=case.timeout)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_input_is_refused_cleanly(case: Case, work):
    folder, env = work
    if case.setup:
        case.setup(folder)
    before = snapshot(folder)
    result = run_case(case, folder, env)
    assert not result.timed_out, f"{case.id}: still running after {case.timeout} s (a hang)"
    assert result.returncode == case.code, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("litetts: error: "), result.stderr
    assert case.says.lower() in lines[0].lower()
    assert len(lines[0]) < 600, "an error line must stay readable"
    assert snapshot(folder) == before, "a file was written, left behind or changed"
    assert result.peak_rss_bytes < GB, f"peak memory {result.peak_rss_bytes / MIB:.0f} MiB"
