"""``open_sink``: one entry point for every output format and target."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from litetts_cli import SAMPLE_RATE
from litetts_cli.encode.base import AudioSink
from litetts_cli.encode.file_sinks import AacSink, SoundfileSink
from litetts_cli.encode.formats import DEFAULT_BITRATE, resolve_format
from litetts_cli.encode.paths import check_writable
from litetts_cli.encode.stream_sink import StreamSink
from litetts_cli.encode.tags import ChapterMark, Tags

__all__ = ["open_sink"]


def open_sink(
    target: Path | str,
    fmt: str | None = None,
    sample_rate: int = SAMPLE_RATE,
    metadata: Tags | None = None,
    *,
    chapters: Sequence[ChapterMark] = (),
    stream: BinaryIO | None = None,
    bitrate: str = DEFAULT_BITRATE,
) -> AudioSink:
    """Open a streaming writer for ``target``.

    Args:
        target: a file path, or ``"-"`` for standard output (WAV or PCM only).
        fmt: one of :data:`~litetts_cli.encode.formats.SUPPORTED_FORMATS`; taken from the
            file name when omitted (``"-"`` defaults to WAV).
        sample_rate: of the samples that will be written.
        metadata: tags (and cover) to embed where the format can hold them.
        chapters: chapter marks (m4b, m4a, mp3); may also be given later with
            :meth:`AudioSink.set_chapters`, before the sink is closed.
        stream: for ``"-"``, the byte stream to write instead of ``sys.stdout.buffer``.
        bitrate: AAC bitrate for m4a/m4b.

    Raises:
        UsageError: unknown format, or a format that cannot go to standard output.
        OutputError: the target's folder cannot be written.
    """
    audio_format = resolve_format(target, fmt)
    if str(target) == "-":
        sink: AudioSink = StreamSink(audio_format, sample_rate, stream)
        if metadata is not None:
            sink.tags = metadata
        if chapters:
            sink.set_chapters(chapters)
        return sink
    path = Path(target)
    check_writable(path)
    if audio_format.backend == "ffmpeg":
        return AacSink(path, audio_format, sample_rate, metadata, chapters, bitrate=bitrate)
    return SoundfileSink(path, audio_format, sample_rate, metadata, chapters)
