"""Tags, chapter marks and ffmpeg's FFMETADATA text format.

FFMETADATA (``ffmpeg -i file -f ffmetadata -``) is how chapters and tags go into an
M4B/MP3 and how they are read back; no ffprobe is needed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from litetts_cli.errors import UsageError

__all__ = [
    "ChapterMark",
    "Tags",
    "chapters_from_starts",
    "cover_kind",
    "escape_ffmetadata",
    "parse_ffmetadata",
    "render_ffmetadata",
    "validate_chapters",
]


def cover_kind(data: bytes) -> str | None:
    """``"jpeg"`` or ``"png"`` from an image's first bytes; None for anything else."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


@dataclass(frozen=True)
class Tags:
    """Metadata written into the output file, where the format can hold it.

    Formats that cannot hold a cover picture (WAV, FLAC, Ogg) drop it silently.
    """

    title: str = ""
    artist: str = ""
    """The author, for a book."""
    album: str = ""
    album_artist: str = ""
    composer: str = ""
    """The narrator or voice, for a book."""
    genre: str = ""
    date: str = ""
    comment: str = ""
    track: int | None = None
    track_total: int | None = None
    cover: bytes | None = None
    """JPEG or PNG bytes (other image kinds are converted to PNG by ffmpeg)."""

    @classmethod
    def for_book(
        cls,
        title: str,
        author: str = "",
        *,
        date: str = "",
        narrator: str = "",
        comment: str = "",
        cover: bytes | None = None,
    ) -> Tags:
        """Audiobook tags: album = title, album artist = author, genre Audiobook."""
        return cls(
            title=title, artist=author, album=title, album_artist=author, composer=narrator,
            genre="Audiobook", date=date, comment=comment, cover=cover,
        )

    def for_track(self, number: int, total: int, title: str) -> Tags:
        """Tags for one file of a per-chapter split: its title, the book as album."""
        return replace(self, title=title, album=self.album or self.title, track=number, track_total=total)

    def track_text(self) -> str:
        if self.track is None:
            return ""
        return f"{self.track}/{self.track_total}" if self.track_total else str(self.track)

    def text_fields(self) -> dict[str, str]:
        """Non-empty text tags under ffmpeg's generic names (mapped per container)."""
        fields = {
            "title": self.title,
            "artist": self.artist,
            "album": self.album,
            "album_artist": self.album_artist,
            "composer": self.composer,
            "genre": self.genre,
            "date": self.date,
            "comment": self.comment,
            "track": self.track_text(),
        }
        return {key: value for key, value in fields.items() if value}

    def is_empty(self) -> bool:
        return not self.text_fields() and not self.cover


@dataclass(frozen=True)
class ChapterMark:
    """A chapter: its title and where it starts and ends, in seconds."""

    title: str
    start_s: float
    end_s: float

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s


def chapters_from_starts(starts: Sequence[tuple[str, float]], total_s: float) -> list[ChapterMark]:
    """Chapters that each run until the next one starts; the last one until ``total_s``."""
    ends = [start for _title, start in starts[1:]] + [total_s]
    return [ChapterMark(title, start, end) for (title, start), end in zip(starts, ends)]


def validate_chapters(chapters: Sequence[ChapterMark], total_s: float | None = None) -> None:
    """Raise :class:`UsageError` unless chapters are in order, non-empty, non-overlapping."""
    tolerance = 0.001
    previous_end = 0.0
    for number, chapter in enumerate(chapters, 1):
        where = f"chapter {number} ({chapter.title!r})"
        if not (math.isfinite(chapter.start_s) and math.isfinite(chapter.end_s)):
            raise UsageError(f"{where} has no valid start/end time")
        if chapter.start_s < -tolerance or chapter.end_s <= chapter.start_s:
            raise UsageError(
                f"{where} runs from {chapter.start_s:.3f} s to {chapter.end_s:.3f} s",
                hint="a chapter must start at 0 s or later and end after it starts",
            )
        if chapter.start_s < previous_end - tolerance:
            raise UsageError(
                f"{where} starts at {chapter.start_s:.3f} s, before the previous chapter ends",
                hint="chapters must be in order and must not overlap",
            )
        previous_end = chapter.end_s
    if total_s is not None and chapters and previous_end > total_s + 0.5:
        raise UsageError(
            f"the last chapter ends at {previous_end:.3f} s but the audio is {total_s:.3f} s long",
            hint="compute chapter marks from the stitched audio positions",
        )


_SPECIAL = re.compile(r"([=;#\\\n])")


def escape_ffmetadata(value: str) -> str:
    """Escape ``=``, ``;``, ``#``, ``\\`` and newlines with a backslash, as ffmpeg expects."""
    return _SPECIAL.sub(r"\\\1", value.replace("\r\n", "\n").replace("\r", "\n"))


def render_ffmetadata(
    tags: Mapping[str, str] | None = None, chapters: Sequence[ChapterMark] = ()
) -> str:
    """An FFMETADATA1 document with global ``tags`` and ``chapters`` (millisecond times)."""
    lines = [";FFMETADATA1"]
    for key, value in (tags or {}).items():
        lines.append(f"{escape_ffmetadata(key)}={escape_ffmetadata(value)}")
    for chapter in chapters:
        lines += [
            "",
            "[CHAPTER]",
            "TIMEBASE=1/1000",
            f"START={round(chapter.start_s * 1000)}",
            f"END={round(chapter.end_s * 1000)}",
            f"title={escape_ffmetadata(chapter.title)}",
        ]
    return "\n".join(lines) + "\n"


def _logical_lines(text: str) -> list[str]:
    """Split at newlines that are not escaped; escapes are kept for the caller."""
    lines, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char == "\n":
            lines.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    if current:
        lines.append("".join(current))
    return lines


def _split_unescaped(line: str) -> tuple[str, str] | None:
    index = 0
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == "=":
            return line[:index], line[index + 1 :]
        index += 1
    return None


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)


def parse_ffmetadata(text: str) -> tuple[dict[str, str], list[ChapterMark]]:
    """Global tags and chapters from an FFMETADATA1 document.

    Tag keys are lower-cased. Stream sections are ignored.
    """
    tags: dict[str, str] = {}
    chapters: list[ChapterMark] = []
    section: dict[str, str] | None = None
    sections: list[dict[str, str]] = []
    in_stream = False
    for line in _logical_lines(text):
        if not line.strip() or line.startswith((";", "#")):
            continue
        if line.startswith("[") and line.rstrip().endswith("]"):
            in_stream = line.strip().upper() == "[STREAM]"
            section = None if in_stream else {}
            if section is not None:
                sections.append(section)
            continue
        pair = _split_unescaped(line)
        if pair is None or in_stream:
            continue
        key, value = _unescape(pair[0]).strip().lower(), _unescape(pair[1])
        (section if section is not None else tags)[key] = value
    for raw in sections:
        numerator, _, denominator = raw.get("timebase", "1/1000").partition("/")
        scale = int(numerator) / int(denominator or 1)
        chapters.append(
            ChapterMark(raw.get("title", ""), int(raw.get("start", 0)) * scale, int(raw.get("end", 0)) * scale)
        )
    return tags, chapters
