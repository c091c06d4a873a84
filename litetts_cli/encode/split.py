"""One file per chapter: ``NN - Title.ext``, tagged with track numbers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import soundfile as sf

from litetts_cli import SAMPLE_RATE
from litetts_cli.encode.base import AudioSink
from litetts_cli.encode.formats import get_format
from litetts_cli.encode.sink import open_sink
from litetts_cli.encode.tags import ChapterMark, Tags, validate_chapters
from litetts_cli.errors import InputError, OutputError

__all__ = ["chapter_filename", "open_chapter_sink", "sanitize_filename", "split_by_chapters"]

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}


def sanitize_filename(name: str, max_length: int = 100) -> str:
    """A file-name-safe version of ``name`` on Linux, macOS and Windows.

    Path separators, characters Windows refuses and control characters become spaces;
    runs of spaces collapse; leading/trailing dots and spaces go; reserved Windows device
    names get an underscore. May return ``""`` (the caller picks a fallback).
    """
    text = unicodedata.normalize("NFC", name)
    text = _FORBIDDEN.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if len(text) > max_length:
        text = text[:max_length].rstrip(" .")
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = f"_{text}"
    return text


def chapter_filename(number: int, title: str, fmt: str, total: int) -> str:
    """``"07 - The Title.mp3"``; numbers padded to sort (at least two digits)."""
    width = max(2, len(str(total)))
    safe = sanitize_filename(title) or f"Chapter {number}"
    return f"{number:0{width}d} - {safe}.{get_format(fmt).extension}"


def _prepare_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create folder {folder}: {exc.strerror or exc}",
            hint="choose another output folder or fix permissions",
        ) from None


def open_chapter_sink(
    folder: Path,
    number: int,
    total: int,
    title: str,
    fmt: str,
    tags: Tags | None = None,
    sample_rate: int = SAMPLE_RATE,
) -> AudioSink:
    """Open the sink for chapter ``number`` of ``total`` in ``folder`` (created if needed).

    The file's tags carry the chapter title, the book as album and the track number.
    """
    folder = Path(folder)
    _prepare_folder(folder)
    track_tags = (tags or Tags()).for_track(number, total, title)
    return open_sink(folder / chapter_filename(number, title, fmt, total), fmt, sample_rate, track_tags)


def split_by_chapters(
    source: Path,
    chapters: Sequence[ChapterMark],
    folder: Path,
    fmt: str,
    tags: Tags | None = None,
    *,
    block_frames: int = 1 << 18,
) -> list[Path]:
    """Cut a finished WAV/FLAC into one file per chapter; returns the paths written.

    Reads ``source`` block by block (a whole book never sits in memory). Each file is
    committed on its own, so a failure leaves the chapters before it complete.
    """
    validate_chapters(chapters)
    written: list[Path] = []
    try:
        handle = sf.SoundFile(source)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise InputError(f"cannot read {source}: {exc}", hint="give a WAV or FLAC file") from None
    with handle:
        total_frames, rate = handle.frames, handle.samplerate
        for number, chapter in enumerate(chapters, 1):
            start = min(round(chapter.start_s * rate), total_frames)
            end = min(round(chapter.end_s * rate), total_frames)
            handle.seek(start)
            with open_chapter_sink(folder, number, len(chapters), chapter.title, fmt, tags, rate) as sink:
                remaining = end - start
                while remaining > 0:
                    block = handle.read(min(block_frames, remaining), dtype="float32", always_2d=True)
                    if block.shape[0] == 0:
                        break
                    sink.write(block.mean(axis=1))
                    remaining -= block.shape[0]
            if sink.path is not None:
                written.append(sink.path)
    return written
