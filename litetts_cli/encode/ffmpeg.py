"""The bundled ffmpeg (imageio-ffmpeg): finding it, running it, reading files back.

There is no ffprobe in imageio-ffmpeg, so facts about a file come from
``ffmpeg -i FILE`` (its stream summary on stderr) and ``ffmpeg -i FILE -f ffmetadata -``.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import soundfile as sf

from litetts_cli.encode.formats import AudioFormat
from litetts_cli.encode.tags import ChapterMark, Tags, cover_kind, parse_ffmetadata, render_ffmetadata
from litetts_cli.errors import InputError, OutputError

__all__ = [
    "MediaInfo",
    "decode_audio",
    "ffmpeg_exe",
    "probe",
    "probe_duration",
    "read_chapters",
    "read_cover",
    "read_tags",
    "prepare_cover",
    "remux_with_metadata",
    "run_ffmpeg",
]

FFMPEG_HINT = (
    "reinstall the bundled ffmpeg with `pip install --force-reinstall imageio-ffmpeg`, "
    "or point IMAGEIO_FFMPEG_EXE at a working ffmpeg"
)
_TECHNICAL_TAGS = {"major_brand", "minor_version", "compatible_brands", "encoder"}


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary; :class:`OutputError` when there is none."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception as exc:  # imageio-ffmpeg raises RuntimeError, or the import fails
        raise OutputError(f"ffmpeg is not available: {exc}", hint=FFMPEG_HINT) from None


def stderr_tail(text: str, lines: int = 6) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-lines:])


def run_ffmpeg(args: Sequence[str], *, what: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with ``args`` (no banner); on failure raise :class:`OutputError` naming ``what``."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except OSError as exc:
        raise OutputError(f"{what}: cannot run ffmpeg: {exc}", hint=FFMPEG_HINT) from None
    if check and result.returncode != 0:
        message = stderr_tail(result.stderr.decode("utf-8", "replace")) or f"exit status {result.returncode}"
        raise OutputError(f"{what} failed: {message}", hint=FFMPEG_HINT)
    return result


@dataclass(frozen=True)
class MediaInfo:
    """What ``ffmpeg -i`` says about a file's first audio stream."""

    duration_s: float
    """Container duration (10 ms resolution)."""
    codec: str
    sample_rate: int
    channels: int
    has_cover: bool


def _existing(path: Path | str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such audio file: {path}", hint="check the path")
    return path


def probe(path: Path | str) -> MediaInfo:
    """Duration, codec, rate and channels of ``path``'s audio, from ``ffmpeg -i``."""
    path = _existing(path)
    # ffmpeg exits non-zero without an output file; the summary is on stderr all the same.
    stderr = run_ffmpeg(["-i", str(path)], what=f"reading {path}", check=False).stderr.decode(
        "utf-8", "replace"
    )
    duration = re.search(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", stderr)
    audio = re.search(r"Stream #\S+.*?: Audio: (\w+).*?, (\d+) Hz, (mono|stereo|\d+ channels)", stderr)
    if not duration or not audio:
        raise InputError(f"{path} is not an audio file ffmpeg can read: {stderr_tail(stderr, 2)}")
    hours, minutes, seconds = duration.groups()
    layout = audio.group(3)
    channels = {"mono": 1, "stereo": 2}.get(layout) or int(layout.split()[0])
    return MediaInfo(
        duration_s=int(hours) * 3600 + int(minutes) * 60 + float(seconds),
        codec=audio.group(1),
        sample_rate=int(audio.group(2)),
        channels=channels,
        has_cover="(attached pic)" in stderr,
    )


def probe_duration(path: Path | str) -> float:
    """Duration in seconds: exact for files libsndfile reads, else from ffmpeg."""
    path = _existing(path)
    if path.suffix.lower() in (".wav", ".flac"):
        try:
            info = sf.info(str(path))
            return info.frames / info.samplerate
        except (sf.LibsndfileError, RuntimeError):
            pass
    return probe(path).duration_s


def _ffmetadata(path: Path, *extra: str) -> str:
    # -copyts keeps chapter times as stored: by default ffmpeg shifts them by the input's
    # start time (46 ms of encoder delay in an MP3).
    result = run_ffmpeg(
        ["-loglevel", "error", "-copyts", "-i", str(path), *extra, "-f", "ffmetadata", "-"],
        what=f"reading metadata of {path}",
    )
    return result.stdout.decode("utf-8", "replace")


def read_tags(path: Path | str) -> dict[str, str]:
    """Text tags of ``path``, keys lower-cased (Ogg stream tags included)."""
    path = _existing(path)
    tags, _chapters = parse_ffmetadata(_ffmetadata(path))
    # Ogg Vorbis/Opus keep their comments on the audio stream, not the container.
    stream_tags, _ = parse_ffmetadata(_ffmetadata(path, "-map_metadata", "0:s:a:0"))
    for key, value in stream_tags.items():
        tags.setdefault(key, value)
    return {key: value for key, value in tags.items() if key not in _TECHNICAL_TAGS}


def read_chapters(path: Path | str) -> list[ChapterMark]:
    """Chapter marks of ``path`` (MP4/M4B chapters, MP3 ID3 CHAP frames)."""
    _tags, chapters = parse_ffmetadata(_ffmetadata(_existing(path)))
    return chapters


def read_cover(path: Path | str) -> bytes | None:
    """The embedded cover picture's bytes, or None when there is none."""
    path = _existing(path)
    if not probe(path).has_cover:
        return None
    result = run_ffmpeg(
        ["-loglevel", "error", "-i", str(path), "-map", "0:v:0", "-c", "copy", "-frames:v", "1",
         "-f", "image2pipe", "-"],
        what=f"reading the cover of {path}",
    )
    return result.stdout or None


def decode_audio(path: Path | str, sample_rate: int | None = None) -> np.ndarray:
    """Decode ``path`` to mono float32 with ffmpeg (whole file in memory: short files)."""
    path = _existing(path)
    rate = ["-ar", str(sample_rate)] if sample_rate else []
    result = run_ffmpeg(
        ["-loglevel", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", *rate, "-f", "f32le", "-"],
        what=f"decoding {path}",
    )
    return np.frombuffer(result.stdout, dtype="<f4").copy()


def prepare_cover(data: bytes, workdir: Path) -> Path:
    """Write a cover to ``workdir`` as JPEG/PNG (other image kinds converted to PNG)."""
    kind = cover_kind(data)
    if kind:
        path = workdir / f"cover.{'jpg' if kind == 'jpeg' else 'png'}"
        path.write_bytes(data)
        return path
    source, target = workdir / "cover.img", workdir / "cover.png"
    source.write_bytes(data)
    try:
        run_ffmpeg(
            ["-loglevel", "error", "-y", "-i", str(source), "-frames:v", "1", "-c:v", "png", str(target)],
            what="converting the cover image",
        )
    except OutputError as exc:
        raise InputError(
            f"the cover image cannot be read ({exc.message})", hint="use a JPEG or PNG cover, or none"
        ) from None
    return target


def cover_problem(data: bytes) -> str | None:
    """Why a cover image cannot be muxed (ffmpeg cannot decode it), or None if it can.

    Run before synthesis: a corrupt cover used to fail the book at its very end.
    """
    with tempfile.TemporaryDirectory(prefix="litetts-cover-") as folder:
        source = Path(folder) / "cover.img"
        source.write_bytes(data)
        result = run_ffmpeg(
            ["-v", "error", "-xerror", "-i", str(source), "-frames:v", "1", "-f", "null", "-"],
            what="decoding the cover image", check=False,
        )
    if result.returncode == 0 and not result.stderr.strip():
        return None
    lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1].strip()[:200] if lines else f"ffmpeg exit status {result.returncode}"


def remux_with_metadata(
    source: Path,
    target: Path,
    audio_format: AudioFormat,
    tags: Tags,
    chapters: Sequence[ChapterMark],
    workdir: Path,
    cover: Path | None = None,
) -> None:
    """Copy ``source``'s audio into ``target`` adding tags, chapters and cover art.

    ``cover`` is a JPEG/PNG file made by :func:`prepare_cover`.

    No re-encoding. MP4 outputs get the iTunes brand (M4A/M4B) and faststart; MP3 gets
    ID3v2.3 (the version every player reads) with UTF-16 text.
    """
    metadata = workdir / "metadata.txt"
    metadata.write_text(render_ffmetadata(tags.text_fields(), chapters), encoding="utf-8")
    inputs = ["-i", str(source), "-i", str(metadata)]
    maps = ["-map", "0:a", "-c:a", "copy", "-map_metadata", "1", "-map_chapters", "1"]
    if cover is not None:
        inputs += ["-i", str(cover)]
        maps += ["-map", "2:v", "-c:v", "copy", "-disposition:v:0", "attached_pic"]
    if audio_format.name == "mp3":
        container = ["-id3v2_version", "3", "-write_id3v1", "0", "-f", "mp3"]
    else:
        brand = "M4B " if audio_format.name == "m4b" else "M4A "
        container = ["-movflags", "+faststart", "-brand", brand, "-f", "ipod"]
    run_ffmpeg(
        ["-loglevel", "error", "-y", *inputs, *maps, *container, str(target)],
        what=f"writing tags and chapters into {target.name}",
    )
