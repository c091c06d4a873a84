"""What could fail at the end of a book, checked before any synthesis: the encoder, a
writable output, and disk space for the estimated length (PEERS item 4: the M4B step
failing after hours of synthesis)."""

from __future__ import annotations

from litetts_cli.book.types import BookOptions
from litetts_cli.encode import check_disk_space, check_encoder, check_writable
from litetts_cli.ingest import Chapter


def estimate_seconds(chapters: list[Chapter], speed: float) -> float:
    """The book's estimated length read aloud (Chinese and Japanese by characters)."""
    return sum(c.reading_seconds(speed) for c in chapters)


def preflight(options: BookOptions, chapters: list[Chapter], speed: float) -> None:
    """Everything that could fail at the end is checked before any synthesis."""
    check_encoder(options.fmt)
    target = options.output / "probe" if options.split_chapters else options.output
    if options.split_chapters:
        options.output.mkdir(parents=True, exist_ok=True)
    check_writable(target)
    seconds = estimate_seconds(chapters, speed)
    # The assembled stream is staged as 16-bit PCM before encoding: count both.
    check_disk_space(target, "wav", seconds)
    check_disk_space(target, options.fmt, seconds)
