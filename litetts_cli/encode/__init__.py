"""Writing audio: wav/flac/mp3/ogg/opus/m4a/m4b/pcm sinks, tags, chapters, cover art."""

from litetts_cli.encode.base import AudioSink
from litetts_cli.encode.ffmpeg import (
    MediaInfo,
    cover_problem,
    decode_audio,
    probe,
    probe_duration,
    read_chapters,
    read_cover,
    read_tags,
)
from litetts_cli.encode.formats import (
    DEFAULT_BITRATE,
    FORMATS,
    SUPPORTED_FORMATS,
    AudioFormat,
    estimate_size_bytes,
    get_format,
    resolve_format,
)
from litetts_cli.encode.paths import check_not_an_input, check_writable
from litetts_cli.encode.preflight import check_disk_space, check_encoder
from litetts_cli.encode.sink import open_sink
from litetts_cli.encode.split import (
    chapter_filename,
    open_chapter_sink,
    sanitize_filename,
    split_by_chapters,
)
from litetts_cli.encode.tags import ChapterMark, Tags, chapters_from_starts

__all__ = [
    "DEFAULT_BITRATE",
    "FORMATS",
    "SUPPORTED_FORMATS",
    "AudioFormat",
    "AudioSink",
    "ChapterMark",
    "MediaInfo",
    "Tags",
    "chapter_filename",
    "chapters_from_starts",
    "check_disk_space",
    "check_encoder",
    "check_not_an_input",
    "check_writable",
    "cover_problem",
    "decode_audio",
    "estimate_size_bytes",
    "get_format",
    "open_chapter_sink",
    "open_sink",
    "probe",
    "probe_duration",
    "read_chapters",
    "read_cover",
    "read_tags",
    "resolve_format",
    "sanitize_filename",
    "split_by_chapters",
]
