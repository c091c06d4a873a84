"""Sinks that write files: libsndfile formats, and AAC in MP4 through ffmpeg."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import soundfile as sf

from litetts_cli.audio import to_pcm16
from litetts_cli.encode.base import FileSink
from litetts_cli.encode import ffmpeg
from litetts_cli.encode.ffmpeg import FFMPEG_HINT, stderr_tail, remux_with_metadata
from litetts_cli.encode.formats import AudioFormat, DEFAULT_BITRATE
from litetts_cli.encode.tags import ChapterMark, Tags
from litetts_cli.errors import OutputError

__all__ = ["AacSink", "SoundfileSink"]

_SOUNDFILE_TAGS = ("title", "artist", "album", "genre", "date", "comment")


def _soundfile_hint(audio_format: AudioFormat) -> str:
    return (
        f"libsndfile {sf.__libsndfile_version__} could not write {audio_format.name}; "
        "upgrade it with `pip install -U soundfile`, or choose wav or flac"
    )


class SoundfileSink(FileSink):
    """WAV, FLAC, MP3, Ogg Vorbis, Ogg Opus and raw PCM through libsndfile.

    For MP3, tags, cover and chapters are added by an ffmpeg remux at commit (libsndfile
    writes non-ASCII ID3 text garbled); the audio itself is not re-encoded.
    """

    def __init__(
        self,
        path: Path,
        audio_format: AudioFormat,
        sample_rate: int,
        tags: Tags | None = None,
        chapters: Sequence[ChapterMark] = (),
    ):
        super().__init__(path, audio_format, sample_rate, tags, chapters)
        self._encoded = self.workdir / f"audio.{audio_format.extension}"
        try:
            self._file = sf.SoundFile(
                self._encoded, "w", samplerate=sample_rate, channels=1,
                format=audio_format.sf_format, subtype=audio_format.sf_subtype,
                endian="LITTLE" if audio_format.sf_format == "RAW" else "FILE",
            )
            if not audio_format.tags_via_ffmpeg and audio_format.sf_format != "RAW":
                self._set_tags()
        except (sf.LibsndfileError, RuntimeError, TypeError, ValueError) as exc:
            self._abort()
            raise OutputError(
                f"cannot start writing {audio_format.name} at {sample_rate} Hz to {self.path}: {exc}",
                hint=_soundfile_hint(audio_format),
            ) from None

    def _set_tags(self) -> None:
        # libsndfile wants strings set before the first audio frame in some containers.
        fields = self.tags.text_fields()
        for name in _SOUNDFILE_TAGS:
            if fields.get(name):
                setattr(self._file, name, fields[name])
        if self.tags.track is not None:
            self._file.tracknumber = str(self.tags.track)

    def _write(self, samples: np.ndarray) -> None:
        try:
            self._file.write(np.clip(samples, -1.0, 1.0))
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise OutputError(
                f"writing {self.path} failed: {exc}", hint="check free disk space"
            ) from None

    def _commit(self) -> None:
        self._require_audio()
        try:
            self._file.close()
        except (sf.LibsndfileError, RuntimeError, OSError) as exc:
            raise OutputError(f"finishing {self.path} failed: {exc}", hint="check free disk space") from None
        finished = self._encoded
        if self.audio_format.tags_via_ffmpeg and (not self.tags.is_empty() or self._chapters):
            finished = self.workdir / f"tagged.{self.audio_format.extension}"
            remux_with_metadata(
                self._encoded, finished, self.audio_format, self.tags, self._chapters, self.workdir, self.cover_path
            )
        self._publish(finished)

    def _abort(self) -> None:
        file = getattr(self, "_file", None)
        if file is not None and not file.closed:
            try:
                file.close()
            except Exception:  # the work folder is removed anyway
                pass
        super()._abort()


class AacSink(FileSink):
    """AAC in MP4 (m4a, m4b): ffmpeg encodes from a pipe while audio arrives.

    16-bit PCM is piped into one ffmpeg process that writes a plain MP4 in the work
    folder, so nothing is held in memory however long the book. At commit a second,
    copy-only ffmpeg run adds tags, chapters (known only once all audio is placed),
    cover art, the M4A/M4B brand and faststart.
    """

    def __init__(
        self,
        path: Path,
        audio_format: AudioFormat,
        sample_rate: int,
        tags: Tags | None = None,
        chapters: Sequence[ChapterMark] = (),
        *,
        bitrate: str = DEFAULT_BITRATE,
    ):
        super().__init__(path, audio_format, sample_rate, tags, chapters)
        self._encoded = self.workdir / "audio.mp4"
        self._stderr = tempfile.TemporaryFile(dir=self.workdir)
        command = [
            ffmpeg.ffmpeg_exe(), "-hide_banner", "-loglevel", "error", "-y",
            "-f", "s16le", "-ar", str(sample_rate), "-ac", "1", "-i", "pipe:0",
            "-map", "0:a", "-c:a", "aac", "-b:a", bitrate, "-f", "mp4", str(self._encoded),
        ]
        try:
            # A session of its own: Ctrl-C reaches only Python, which then decides to abort
            # (and kills ffmpeg); if Python dies, ffmpeg sees the pipe close and exits.
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._stderr,
                start_new_session=True,
            )
        except OSError as exc:
            self._abort()
            raise OutputError(f"cannot start ffmpeg: {exc}", hint=FFMPEG_HINT) from None

    def _ffmpeg_error(self) -> str:
        self._stderr.seek(0)
        return stderr_tail(self._stderr.read().decode("utf-8", "replace")) or "no message"

    def _write(self, samples: np.ndarray) -> None:
        try:
            self._process.stdin.write(to_pcm16(samples))  # type: ignore[union-attr]
        except (BrokenPipeError, OSError):
            self._process.wait()
            raise OutputError(
                f"ffmpeg stopped while encoding {self.path.name}: {self._ffmpeg_error()}",
                hint=f"check free disk space; {FFMPEG_HINT}",
            ) from None

    def _commit(self) -> None:
        self._require_audio()
        try:
            self._process.stdin.close()  # type: ignore[union-attr]
        except OSError:
            pass  # the exit status below tells what happened
        if self._process.wait() != 0:
            raise OutputError(
                f"ffmpeg could not encode {self.path.name}: {self._ffmpeg_error()}",
                hint=f"check free disk space; {FFMPEG_HINT}",
            )
        finished = self.workdir / f"final.{self.audio_format.extension}"
        remux_with_metadata(
            self._encoded, finished, self.audio_format, self.tags, self._chapters, self.workdir, self.cover_path
        )
        self._stderr.close()
        self._publish(finished)

    def _abort(self) -> None:
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except OSError:
                pass
        stderr = getattr(self, "_stderr", None)
        if stderr is not None:
            stderr.close()
        super()._abort()
