"""WAV or raw PCM to a byte stream (standard output), flushed on every write.

A pipeline (``litetts say ... -o - | aplay``) hears the first sentence while later ones
are still being synthesised. The WAV header is written first with unknown sizes
(0xFFFFFFFF, what streaming readers such as ffmpeg and aplay accept); when the stream
turns out to be seekable (redirected to a file) the real sizes are filled in at close.
"""

from __future__ import annotations

import os
import struct
import sys
from typing import BinaryIO

import numpy as np

from litetts_cli.audio import to_pcm16
from litetts_cli.encode.base import AudioSink
from litetts_cli.encode.formats import AudioFormat
from litetts_cli.errors import OutputError, UsageError

__all__ = ["StreamSink", "wav_header"]

UNKNOWN_SIZE = 0xFFFFFFFF


def wav_header(sample_rate: int, data_bytes: int = UNKNOWN_SIZE, channels: int = 1) -> bytes:
    """A 44-byte PCM 16-bit WAV header; unknown sizes are written as 0xFFFFFFFF."""
    block_align = channels * 2
    riff_size = UNKNOWN_SIZE if data_bytes == UNKNOWN_SIZE else min(36 + data_bytes, UNKNOWN_SIZE)
    return (
        b"RIFF" + struct.pack("<I", riff_size) + b"WAVE"
        + b"fmt " + struct.pack("<IHHIIHH", 16, 1, channels, sample_rate, sample_rate * block_align, block_align, 16)
        + b"data" + struct.pack("<I", min(data_bytes, UNKNOWN_SIZE))
    )


def _appending(stream: BinaryIO) -> bool:
    """True for a file opened to append (``>> file``): a header rewrite would land at the end."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):
        return False  # an in-memory stream
    try:
        import fcntl
    except ImportError:  # Windows cannot tell; assume not
        return False
    return bool(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND)


class StreamSink(AudioSink):
    """Writes WAV or raw s16le PCM to ``stream`` (default: standard output)."""

    def __init__(self, audio_format: AudioFormat, sample_rate: int, stream: BinaryIO | None = None):
        if not audio_format.stdout:
            raise UsageError(
                f"{audio_format.name} cannot be streamed to standard output",
                hint="use --format wav or --format pcm for '-', or write to a file",
            )
        super().__init__(audio_format, sample_rate)
        self.stream = stream if stream is not None else sys.stdout.buffer
        self._header_at: int | None = None
        if audio_format.name == "wav":
            self._header_at = self._position()
            self._emit(wav_header(sample_rate))

    def _position(self) -> int | None:
        """Where the header starts, if it can be rewritten at close; else None."""
        try:
            if not self.stream.seekable() or _appending(self.stream):
                return None
            return self.stream.tell()
        except (OSError, ValueError, AttributeError):
            return None

    def _emit(self, data: bytes) -> None:
        try:
            self.stream.write(data)
            self.stream.flush()
        except BrokenPipeError:
            raise OutputError(
                "the program reading standard output closed the pipe",
                hint="keep the reading program running until the audio ends",
            ) from None
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write audio to standard output: {exc}") from None

    def _write(self, samples: np.ndarray) -> None:
        self._emit(to_pcm16(samples))

    def _commit(self) -> None:
        if self._header_at is None:
            return
        # Fill in the sizes when the stream lets us; a pipe keeps the streaming header.
        try:
            end = self.stream.tell()
            self.stream.seek(self._header_at)
            self.stream.write(wav_header(self.sample_rate, self.frames_written * 2))
            self.stream.seek(end)
            self.stream.flush()
        except (OSError, ValueError):
            pass

    def _abort(self) -> None:
        try:
            self.stream.flush()
        except (OSError, ValueError):
            pass
