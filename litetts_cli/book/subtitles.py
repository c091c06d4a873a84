"""Sentence-level subtitles (SRT, WebVTT) timed from where each chunk landed.

A chunk may hold several sentences; its time span is shared among them in proportion
to their length, which keeps cues within a sentence of the voice over a whole book
because every chunk's start comes from the real stitched audio, not from an estimate.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from litetts_cli.g2p.markup import plain_text
from litetts_cli.g2p.sentences import split_sentences
from litetts_cli.store.files import atomic_write

FORMATS = ("srt", "vtt")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def cues_for_chunk(text: str, start: float, end: float) -> list[Cue]:
    sentences = [plain_text(s) for s in split_sentences(text)]
    sentences = [s for s in sentences if s]
    if not sentences or end <= start:
        return []
    total = sum(len(s) for s in sentences)
    cues, position = [], start
    for sentence in sentences:
        length = (end - start) * len(sentence) / total
        cues.append(Cue(position, position + length, sentence))
        position += length
    return cues


def _stamp(seconds: float, separator: str) -> str:
    millis = int(round(seconds * 1000))
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def render(cues: list[Cue], fmt: str) -> str:
    if fmt == "srt":
        blocks = [
            f"{n}\n{_stamp(c.start, ',')} --> {_stamp(c.end, ',')}\n{c.text}\n"
            for n, c in enumerate(cues, start=1)
        ]
        return "\n".join(blocks)
    blocks = [f"{_stamp(c.start, '.')} --> {_stamp(c.end, '.')}\n{c.text}\n" for c in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def write(cues: list[Cue], path: Path, fmt: str) -> None:
    with atomic_write(path) as handle:
        handle.write(render(cues, fmt).encode("utf-8"))
