"""What every audio sink does: take float samples, commit or abort as a whole."""

from __future__ import annotations

import shutil
import uuid
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import numpy as np

from litetts_cli.audio import as_mono_float32, to_pcm16
from litetts_cli.encode.ffmpeg import prepare_cover
from litetts_cli.encode.formats import AudioFormat
from litetts_cli.encode.tags import ChapterMark, Tags, validate_chapters
from litetts_cli.errors import OutputError, UsageError

__all__ = ["AudioSink", "FileSink", "to_pcm16"]


class AudioSink(ABC):
    """A streaming writer for mono float audio; use it as a context manager.

    Leaving the ``with`` block normally commits the output; leaving it with an exception
    (Ctrl-C included) aborts it, and a file target then leaves no file behind.
    """

    def __init__(
        self,
        audio_format: AudioFormat,
        sample_rate: int,
        tags: Tags | None = None,
        chapters: Sequence[ChapterMark] = (),
    ):
        self.audio_format = audio_format
        self.path: Path | None = None
        """The file written (None for standard output)."""
        self.sample_rate = sample_rate
        self.tags = tags or Tags()
        self.frames_written = 0
        self.closed = False
        self._chapters: list[ChapterMark] = []
        if chapters:
            self.set_chapters(chapters)

    @property
    def duration_s(self) -> float:
        """Seconds written so far."""
        return self.frames_written / self.sample_rate

    @property
    def chapters(self) -> list[ChapterMark]:
        return list(self._chapters)

    def set_chapters(self, chapters: Sequence[ChapterMark]) -> None:
        """Chapter marks to write at commit (any time before :meth:`close`).

        Raises:
            UsageError: the format cannot hold chapters, or the marks are out of order.
        """
        if chapters and not self.audio_format.chapters:
            capable = "m4b, m4a or mp3"
            raise UsageError(
                f"{self.audio_format.name} files cannot hold chapter marks",
                hint=f"write {capable}, or split the book into one file per chapter",
            )
        validate_chapters(chapters)
        self._chapters = list(chapters)

    def write(self, samples: np.ndarray) -> None:
        """Append mono float samples (values outside [-1, 1] are clipped)."""
        if self.closed:
            raise ValueError("write() on a closed audio sink")
        audio = as_mono_float32(samples)
        if audio.size:
            self._write(audio)
            self.frames_written += audio.size

    def close(self) -> None:
        """Finish and commit the output (idempotent)."""
        if self.closed:
            return
        self.closed = True
        try:
            self._commit()
        except BaseException:
            self._abort()
            raise

    def abort(self) -> None:
        """Drop the output: a file target is not created (idempotent)."""
        if self.closed:
            return
        self.closed = True
        self._abort()

    def __enter__(self) -> AudioSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    @abstractmethod
    def _write(self, samples: np.ndarray) -> None:
        """Implemented by each concrete sink."""

    @abstractmethod
    def _commit(self) -> None:
        """Implemented by each concrete sink."""

    @abstractmethod
    def _abort(self) -> None:
        """Implemented by each concrete sink."""


class FileSink(AudioSink):
    """A sink that writes into a private work folder next to the target, then renames.

    The work folder is on the same file system as the target, so the final
    :func:`os.replace` is atomic: readers see either no file or the whole file.
    """

    def __init__(
        self,
        path: Path,
        audio_format: AudioFormat,
        sample_rate: int,
        tags: Tags | None = None,
        chapters: Sequence[ChapterMark] = (),
    ):
        super().__init__(audio_format, sample_rate, tags, chapters)
        self.path: Path = Path(path)
        self.workdir = self.path.parent / f".{self.path.name}.{uuid.uuid4().hex[:8]}.litetts-tmp"
        try:
            self.workdir.mkdir()
        except OSError as exc:
            raise OutputError(
                f"cannot write to {self.path.parent}: {exc.strerror or exc}",
                hint="choose another output path or fix the folder's permissions",
            ) from None
        self.cover_path: Path | None = None
        """The cover as a JPEG/PNG file in the work folder, checked now rather than
        after hours of synthesis."""
        if self.tags.cover and audio_format.cover:
            try:
                self.cover_path = prepare_cover(self.tags.cover, self.workdir)
            except BaseException:
                self._abort()
                raise

    def _require_audio(self) -> None:
        if self.frames_written == 0:
            raise OutputError(
                f"no audio was written to {self.path}",
                hint="check that the input has text to speak",
            )

    def _publish(self, finished: Path) -> None:
        """Move the finished file into place and remove the work folder."""
        try:
            finished.replace(self.path)
        except OSError as exc:
            raise OutputError(
                f"cannot move the finished audio to {self.path}: {exc.strerror or exc}",
                hint="check that the path is not a folder and that you may write there",
            ) from None
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _abort(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)
