"""--read-along around a book conversion: checks before synthesis, the EPUB after.

The book is converted as one AAC (.m4a) file per chapter into a temporary folder (each
chapter's cues timed in its own file); those files and the sentence cues then go into
the read-along EPUB, and the folder is removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from litetts_cli.errors import OutputError, ReadAlongError
from litetts_cli.readalong.align import Spoken
from litetts_cli.readalong.build import ReadAlong, make_read_along
from litetts_cli.readalong.package import Package, read_package

AUDIO_FORMAT = "m4a"
"""AAC in MP4, a core media type of EPUB 3 (``AUDIO_TYPES``: audio/mp4)."""


def check_read_along(source: Path, target: Path) -> Package:
    """Before any synthesis: the book can be made a read-along EPUB at ``target``.

    Raises:
        ReadAlongError: the book is not an EPUB 3 book (or has overlays already).
        OutputError: ``target`` is not an .epub name.
    """
    if source.suffix.lower() != ".epub":
        raise ReadAlongError(f"--read-along needs an EPUB book, not {source.name}",
                             hint="give litetts book an .epub file, or leave out --read-along")
    if target.suffix.lower() != ".epub":
        raise OutputError(f"--read-along writes an EPUB, but {target.name} does not end in .epub",
                          hint=f"name it like {target.with_suffix('.epub').name}")
    if target.is_dir():
        raise OutputError(f"{target} is a folder", hint="give --read-along a file name ending in .epub")
    if target.exists() and os.path.samefile(target, source):
        raise OutputError(f"--read-along {target.name} is the book itself: writing it would replace the book",
                          hint=f"name the read-along EPUB differently, like {source.stem}-readalong.epub")
    return read_package(source)


def finish_read_along(package: Package, target: Path, result, narrator: str = "") -> ReadAlong:
    """Write the read-along EPUB from a book ``result`` converted chapter by chapter."""
    timing = result.timing
    spoken = [Spoken(chapter, cue.start, cue.end, cue.text)
              for chapter, cue in zip(timing.sentence_chapters, timing.sentences)]
    audio = {report.number: Path(path) for report, path in zip(result.chapters, result.outputs)}
    return make_read_along(package, target, spoken, audio, narrator)
