"""Checks to run before any synthesis, so a long job never fails at its last step.

The peers' worst complaint (PEERS.md #4) is an M4B step that fails after hours of
synthesis: a missing encoder, an unwritable folder, a full disk. Each check here is
cheap and raises :class:`OutputError` with how to fix it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import soundfile as sf

from litetts_cli import SAMPLE_RATE
from litetts_cli.encode.ffmpeg import FFMPEG_HINT, probe
from litetts_cli.encode.formats import AudioFormat, estimate_size_bytes, get_format
from litetts_cli.encode.sink import open_sink
from litetts_cli.encode.tags import ChapterMark, Tags
from litetts_cli.errors import LitettsError, OutputError

__all__ = ["check_disk_space", "check_encoder"]

_MIB = 1024 * 1024
_checked_encoders: set[tuple[str, int]] = set()

# A 1x1 PNG, so the encoder check also exercises cover-art muxing.
_TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def check_disk_space(target: Path | str, fmt: str, seconds: float, sample_rate: int = SAMPLE_RATE) -> None:
    """Raise :class:`OutputError` if ``seconds`` of ``fmt`` will not fit next to ``target``.

    Formats finished by an ffmpeg remux briefly need the file twice, so twice the
    estimate is required for them.
    """
    if str(target) == "-":
        return
    audio_format = get_format(fmt)
    needed = estimate_size_bytes(fmt, seconds, sample_rate)
    if audio_format.tags_via_ffmpeg:
        needed *= 2
    folder = Path(target).parent
    free = shutil.disk_usage(folder if folder.exists() else Path.cwd()).free
    if needed > free:
        raise OutputError(
            f"not enough disk space in {folder}: about {needed / _MIB:.0f} MiB needed, "
            f"{free / _MIB:.0f} MiB free",
            hint="free some space, choose another folder, or pick a smaller format (mp3, opus, m4b)",
        )


def _verify(path: Path, audio_format: AudioFormat, uses_ffmpeg: bool, probe) -> None:
    """Read the check file back with the tool that made it."""
    if audio_format.name == "pcm":
        if path.stat().st_size == 0:
            raise OutputError("the raw PCM file is empty")
        return
    if uses_ffmpeg:
        # Catches PCM-in-MP4 and similar silent fallbacks (audiblez #90).
        info = probe(path)
        codec, seconds = info.codec, info.duration_s
    else:
        sf_info = sf.info(str(path))
        codec, seconds = audio_format.codec, sf_info.frames / sf_info.samplerate
    if codec != audio_format.codec or seconds <= 0:
        raise OutputError(f"expected {audio_format.codec} audio, got {codec} ({seconds:.2f} s)")


def check_encoder(fmt: str, sample_rate: int = SAMPLE_RATE) -> None:
    """Encode a quarter second of tone in ``fmt`` exactly as a real run would.

    Runs the same sink (ffmpeg for AAC, libsndfile otherwise, tags, cover and chapters
    where the format holds them) into a temporary folder and reads the result back.
    Successful checks are remembered for the process.

    Raises:
        UsageError: ``fmt`` is not a supported format.
        OutputError: the encoder is missing or broken, with how to fix it.
    """
    audio_format = get_format(fmt)
    key = (audio_format.name, sample_rate)
    if key in _checked_encoders:
        return
    seconds = 0.25
    tone = 0.2 * np.sin(2 * np.pi * 440.0 * np.arange(int(sample_rate * seconds)) / sample_rate)
    chapters = (
        [ChapterMark("one", 0.0, seconds / 2), ChapterMark("two", seconds / 2, seconds)]
        if audio_format.chapters
        else []
    )
    tags = Tags(title="litetts encoder check", cover=_TINY_PNG)
    uses_ffmpeg = audio_format.backend == "ffmpeg" or audio_format.tags_via_ffmpeg
    hint = FFMPEG_HINT if uses_ffmpeg else "upgrade soundfile with `pip install -U soundfile`, or choose wav or flac"
    try:
        with tempfile.TemporaryDirectory(prefix="litetts-check-") as folder:
            path = Path(folder) / f"check.{audio_format.extension}"
            with open_sink(path, audio_format.name, sample_rate, tags, chapters=chapters) as sink:
                sink.write(tone.astype(np.float32))
            _verify(path, audio_format, uses_ffmpeg, probe)
    except LitettsError as exc:
        raise OutputError(
            f"the {audio_format.name} encoder does not work: {exc.message}", hint=hint
        ) from None
    except Exception as exc:  # anything else from a broken encoder is the same problem
        raise OutputError(f"the {audio_format.name} encoder does not work: {exc}", hint=hint) from None
    _checked_encoders.add(key)
