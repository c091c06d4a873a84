"""Streaming encoders for each ``response_format``: bytes out as PCM goes in.

wav and pcm need no encoder: a WAV header with unknown sizes (0xFFFFFFFF, which ffmpeg,
browsers and players accept for streams) and then raw s16le. The compressed formats go
through the bundled ffmpeg, fed s16le on stdin, its stdout read as it comes: mp3
(libmp3lame), opus in Ogg, aac in ADTS frames, flac. ``-flush_packets 1`` makes ffmpeg
write each packet at once instead of filling its 32 KB output buffer first, so the
first sentence leaves the server as soon as it is encoded.
"""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import lru_cache

from litetts_cli import SAMPLE_RATE
from litetts_cli.encode.ffmpeg import ffmpeg_exe, run_ffmpeg
from litetts_cli.encode.formats import DEFAULT_BITRATE
from litetts_cli.encode.stream_sink import wav_header
from litetts_cli.errors import OutputError

__all__ = ["RESPONSE_FORMATS", "StreamFormat", "encode_stream", "FfmpegStream", "missing_encoders"]

log = logging.getLogger("litetts.serve")


@dataclass(frozen=True)
class StreamFormat:
    name: str
    media_type: str
    ffmpeg_args: tuple[str, ...] = ()
    """Output options after ``-i pipe:0``; empty for wav/pcm (no encoder)."""

    @property
    def encoder(self) -> str | None:
        """The ffmpeg encoder this format needs, if any."""
        args = self.ffmpeg_args
        return args[args.index("-c:a") + 1] if "-c:a" in args else None


RESPONSE_FORMATS: dict[str, StreamFormat] = {
    f.name: f
    for f in (
        # No Xing/Info header: on a pipe it cannot be filled in, and an empty one makes
        # some players report a wrong duration.
        StreamFormat("mp3", "audio/mpeg", ("-c:a", "libmp3lame", "-b:a", DEFAULT_BITRATE, "-write_xing", "0", "-f", "mp3")),
        # Ogg pages every 200 ms instead of every second: the first audio comes sooner.
        StreamFormat("opus", "audio/ogg", ("-c:a", "libopus", "-b:a", "32k", "-page_duration", "200000", "-f", "ogg")),
        StreamFormat("aac", "audio/aac", ("-c:a", "aac", "-b:a", DEFAULT_BITRATE, "-f", "adts")),
        StreamFormat("flac", "audio/flac", ("-c:a", "flac", "-f", "flac")),
        StreamFormat("wav", "audio/wav"),
        StreamFormat("pcm", "audio/pcm"),
    )
}
"""OpenAI's response formats; pcm is s16le mono 24 kHz, as OpenAI's is."""


@lru_cache(maxsize=1)
def missing_encoders() -> dict[str, str]:
    """Response format -> the encoder it needs that this ffmpeg lacks (normally none:
    imageio-ffmpeg's static build has libmp3lame, libopus, aac and flac)."""
    listing = run_ffmpeg(["-encoders"], what="listing ffmpeg's encoders").stdout.decode("utf-8", "replace")
    # Lines look like " A....D libmp3lame           libmp3lame MP3 (MPEG audio layer 3)".
    names = {line.split()[1] for line in listing.splitlines() if len(line.split()) > 1}
    return {
        name: fmt.encoder
        for name, fmt in RESPONSE_FORMATS.items()
        if fmt.encoder is not None and fmt.encoder not in names
    }


class FfmpegStream:
    """One ffmpeg process: s16le PCM written in, encoded bytes read out by a thread."""

    def __init__(self, stream_format: StreamFormat, loop: asyncio.AbstractEventLoop):
        command = [
            ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
            "-f", "s16le", "-ar", str(SAMPLE_RATE), "-ac", "1", "-i", "pipe:0",
            *stream_format.ffmpeg_args, "-flush_packets", "1", "pipe:1",
        ]
        try:
            self.process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
            )
        except OSError as exc:
            raise OutputError(f"cannot start ffmpeg: {exc}") from None
        self.format = stream_format
        self.output: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._loop = loop
        self._stderr = b""
        self._reader = threading.Thread(target=self._read, name="litetts-ffmpeg-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        fd = self.process.stdout.fileno()
        try:
            while data := os.read(fd, 65536):
                self._loop.call_soon_threadsafe(self.output.put_nowait, data)
        except (OSError, RuntimeError):
            pass
        finally:
            try:
                self._stderr = self.process.stderr.read() or b""
            except (OSError, ValueError):
                pass
            try:
                self._loop.call_soon_threadsafe(self.output.put_nowait, None)
            except RuntimeError:
                pass

    def write(self, pcm: bytes) -> None:
        """Feed PCM (blocking; call it off the event loop)."""
        try:
            self.process.stdin.write(pcm)
        except (BrokenPipeError, OSError, ValueError):
            raise OutputError(f"ffmpeg stopped encoding {self.format.name}: {self.error_text()}") from None

    def close_input(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass

    def error_text(self) -> str:
        self._reader.join(timeout=5)
        return self._stderr.decode("utf-8", "replace").strip()[-300:] or f"exit status {self.process.poll()}"

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.close_input()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # pragma: no cover - a kill that did not take
            log.warning("ffmpeg %s did not exit", self.process.pid)


async def encode_stream(pcm: AsyncIterator[bytes], stream_format: StreamFormat) -> AsyncIterator[bytes]:
    """Bytes of ``stream_format`` as the PCM arrives. Stops the encoder when closed early."""
    if stream_format.name == "wav":
        yield wav_header(SAMPLE_RATE)
    if not stream_format.ffmpeg_args:
        async for data in pcm:
            yield data
        return
    encoder = FfmpegStream(stream_format, asyncio.get_running_loop())

    async def feed() -> None:
        try:
            async for data in pcm:
                await asyncio.to_thread(encoder.write, data)
        except BaseException:
            encoder.kill()  # ends the output too, so the reader below stops waiting
            raise
        encoder.close_input()

    feeder = asyncio.create_task(feed())
    # Retrieve its outcome even when the client leaves first, so asyncio logs nothing.
    feeder.add_done_callback(lambda task: task.cancelled() or task.exception())
    try:
        while (data := await encoder.output.get()) is not None:
            yield data
        await feeder  # raises a synthesis error, after whatever audio came before it
        if await asyncio.to_thread(encoder.process.wait) != 0:
            raise OutputError(f"ffmpeg failed encoding {stream_format.name}: {encoder.error_text()}")
    finally:
        if not feeder.done():
            feeder.cancel()
        encoder.kill()
