"""The output formats litetts writes, what each can hold, and size estimates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from litetts_cli import SAMPLE_RATE
from litetts_cli.errors import UsageError

__all__ = [
    "DEFAULT_BITRATE",
    "FORMATS",
    "SUPPORTED_FORMATS",
    "AudioFormat",
    "estimate_size_bytes",
    "format_for_extension",
    "get_format",
    "resolve_format",
]


@dataclass(frozen=True)
class AudioFormat:
    """One output format."""

    name: str
    extensions: tuple[str, ...]
    """File name endings, the first one preferred (without the dot)."""
    backend: Literal["soundfile", "ffmpeg"]
    """Who encodes the audio: libsndfile (through soundfile) or ffmpeg."""
    sf_format: str = ""
    sf_subtype: str = ""
    codec: str = ""
    """The codec name ffmpeg reports when reading the file back."""
    bytes_per_second: float = 0.0
    """A generous estimate of the encoded size of 24 kHz mono speech, for preflights."""
    tags_via_ffmpeg: bool = False
    """Tags, cover and chapters are added by an ffmpeg remux after encoding."""
    chapters: bool = False
    cover: bool = False
    stdout: bool = False
    """Can be streamed to standard output."""

    @property
    def extension(self) -> str:
        return self.extensions[0]


_PCM16 = 2 * SAMPLE_RATE
DEFAULT_BITRATE = "64k"
"""AAC (m4a/m4b) and the server's mp3/aac streams: transparent for one voice at 24 kHz."""

FORMATS: dict[str, AudioFormat] = {
    f.name: f
    for f in (
        AudioFormat("wav", ("wav",), "soundfile", "WAV", "PCM_16", "pcm_s16le", _PCM16, stdout=True),
        # Speech compresses to roughly 50-65 % in FLAC; 0.75 keeps the estimate generous.
        AudioFormat("flac", ("flac",), "soundfile", "FLAC", "PCM_16", "flac", 0.75 * _PCM16),
        # libsndfile's UTF-8 ID3 tags come out garbled, so MP3 tags, cover and chapters
        # (ID3 CHAP frames) are written by ffmpeg, copying the LAME-encoded audio.
        AudioFormat(
            "mp3", ("mp3",), "soundfile", "MP3", "MPEG_LAYER_III", "mp3", 64_000 / 8,
            tags_via_ffmpeg=True, chapters=True, cover=True,
        ),
        AudioFormat("ogg", ("ogg", "oga"), "soundfile", "OGG", "VORBIS", "vorbis", 72_000 / 8),
        AudioFormat("opus", ("opus",), "soundfile", "OGG", "OPUS", "opus", 56_000 / 8),
        AudioFormat(
            "m4a", ("m4a", "mp4"), "ffmpeg", codec="aac", bytes_per_second=68_000 / 8,
            tags_via_ffmpeg=True, chapters=True, cover=True,
        ),
        AudioFormat(
            "m4b", ("m4b",), "ffmpeg", codec="aac", bytes_per_second=68_000 / 8,
            tags_via_ffmpeg=True, chapters=True, cover=True,
        ),
        AudioFormat("pcm", ("pcm", "raw"), "soundfile", "RAW", "PCM_16", "pcm_s16le", _PCM16, stdout=True),
    )
}
"""Every supported format by name."""

SUPPORTED_FORMATS: tuple[str, ...] = tuple(FORMATS)


def _unknown(what: str) -> UsageError:
    return UsageError(
        f"unknown audio format {what!r}",
        hint=f"use one of: {', '.join(SUPPORTED_FORMATS)}",
    )


def get_format(name: str) -> AudioFormat:
    """The format called ``name`` (case-insensitive, a leading dot ignored)."""
    key = name.lower().lstrip(".")
    if key in FORMATS:
        return FORMATS[key]
    by_extension = format_for_extension(key)
    if by_extension is None:
        raise _unknown(name)
    return by_extension


def format_for_extension(extension: str) -> AudioFormat | None:
    """The format a file ending (``"m4b"`` or ``".m4b"``) stands for, if any."""
    key = extension.lower().lstrip(".")
    for audio_format in FORMATS.values():
        if key in audio_format.extensions:
            return audio_format
    return None


def resolve_format(target: Path | str, fmt: str | None = None) -> AudioFormat:
    """The format to write ``target`` in: ``fmt`` if given, else from the file name.

    Standard output (``"-"``) defaults to WAV. A name whose extension names a different
    format than ``fmt`` is refused, so ``book.wav`` never holds MP3 data.
    """
    is_stdout = str(target) == "-"
    suffix = "" if is_stdout else Path(target).suffix
    from_name = format_for_extension(suffix) if suffix else None
    if fmt:
        chosen = get_format(fmt)
        if from_name is not None and from_name.name != chosen.name:
            raise UsageError(
                f"output name {Path(target).name} says {from_name.name} but the format is {chosen.name}",
                hint=f"name the file *.{chosen.extension} or leave the format out",
            )
        return chosen
    if is_stdout:
        return FORMATS["wav"]
    if from_name is None:
        shown = f"extension {suffix!r}" if suffix else "no extension"
        raise UsageError(
            f"cannot tell the audio format of {Path(target).name} ({shown})",
            hint=f"end the name with one of .{', .'.join(SUPPORTED_FORMATS)} or give a format",
        )
    return from_name


def estimate_size_bytes(fmt: str, seconds: float, sample_rate: int = SAMPLE_RATE) -> int:
    """A generous estimate of the size of ``seconds`` of mono speech in ``fmt``.

    Uncompressed and FLAC sizes scale with ``sample_rate``; lossy formats are estimated
    from their bitrate. Meant for a disk-space preflight, so it errs on the large side.
    """
    audio_format = get_format(fmt)
    rate = audio_format.bytes_per_second
    if audio_format.name in ("wav", "flac", "pcm"):
        rate *= sample_rate / SAMPLE_RATE
    return int(max(seconds, 0.0) * rate) + 64 * 1024
