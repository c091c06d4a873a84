"""`litetts book --read-along`: the EPUB written after the chapters are synthesized."""

from __future__ import annotations

from pathlib import Path

from litetts_cli.cli import console


def write_read_along(package, target: Path, result, readings, settings, *, quiet: bool) -> None:
    """Write the read-along EPUB for a converted ``result``; it becomes the only output."""
    from litetts_cli.readalong.run import finish_read_along

    voices = sorted({r.voice for r in readings.values() if r.voice} or {settings.voice})
    made = finish_read_along(package, target, result, narrator=f"litetts ({', '.join(voices)})")
    result.outputs = [made.path]
    for note in made.notes:
        console.warn(note)
    if not quiet:
        console.note(f"read-along: {made.sentences} sentences on {made.pages} pages timed"
                     + (f", {made.unheard} not matched to speech" if made.unheard else ""))
