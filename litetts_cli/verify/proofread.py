"""``litetts book --verify``: transcribe each chunk as it is assembled, then list the
passages where what was heard is not what was meant (``verify.compare``)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from litetts_cli.store.files import atomic_write
from litetts_cli.verify.compare import CAUSES, HeardChunk, Suspect, compare_chapter
from litetts_cli.verify.whisper import transcribe, whisper_model


@dataclass(frozen=True)
class ChapterText:
    """What one chapter was meant to say, and how to read it."""

    number: int
    title: str
    text: str
    normalize: Callable[[str], str]
    language: str
    phonemize: Callable[[str], str] | None = None
    """The chapter's phonemizer: words heard with the same phonemes are homophones."""


@dataclass
class VerifyReport:
    suspects: list[Suspect] = field(default_factory=list)
    chunks: int = 0
    audio_seconds: float = 0.0
    seconds: float = 0.0
    """Time spent transcribing and comparing (the cost of ``--verify``)."""
    unchecked: list[int] = field(default_factory=list)
    """Chapters not checked: Whisper tiny.en hears English only."""

    def as_json(self) -> dict:
        return {
            "suspects": [
                {"chapter": s.chapter, "title": s.title, "time_s": round(s.time_s, 2), "expected": s.expected,
                 "heard": s.heard, "context": s.context, "cause": s.cause}
                for s in self.suspects
            ],
            "chunks": self.chunks,
            "audio_seconds": round(self.audio_seconds, 2),
            "seconds": round(self.seconds, 2),
            "unchecked_chapters": self.unchecked,
        }

    def markdown(self, book: str) -> str:
        lines = [f"# Proofreading {book}", ""]
        lines.append(
            f"{self.chunks} chunks ({self.audio_seconds / 60:.1f} min of audio) transcribed by Whisper tiny.en "
            f"in {self.seconds:.0f} s; {len(self.suspects)} suspect passage(s)."
        )
        if self.unchecked:
            lines.append(f"Not checked (not English): chapters {', '.join(map(str, self.unchecked))}.")
        lines.append("")
        if self.suspects:
            lines += ["| chapter | time | expected | heard | likely cause | context |", "|---|---|---|---|---|---|"]
            for s in self.suspects:
                cell = lambda t: t.replace("|", "\\|") or "(nothing)"  # noqa: E731
                lines.append(f"| {s.chapter} {cell(s.title)} | {_clock(s.time_s)} | {cell(s.expected)} | "
                             f"{cell(s.heard)} | {s.cause} | {cell(s.context)} |")
            lines += ["", "Fix a word with a lexicon entry (`--lexicon`, `[words] Name = \"/IPA/\"` or a respelling) "
                      "and run the same command again: only the chunks that change are synthesized again."]
        return "\n".join(lines) + "\n"


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{rest:02d}"


class Proofreader:
    """Collects each chunk's transcript while the book is assembled.

    Whisper is loaded on construction, so a missing install fails before anything runs.
    """

    def __init__(self, lexicon: Sequence[re.Pattern[str]] = (), threads: int = 2):
        self.model = whisper_model(threads)
        self.lexicon = tuple(lexicon)
        self.heard: dict[int, list[HeardChunk]] = {}
        self.report = VerifyReport()

    def add(self, chapter: int, audio: np.ndarray, start_s: float, sample_rate: int, english: bool = True) -> None:
        """Transcribe one chunk's audio, which starts at ``start_s`` in the output."""
        if len(audio) == 0 or not english:
            return
        started = time.perf_counter()
        seconds = len(audio) / sample_rate
        text = transcribe(audio, sample_rate, self.model)
        self.heard.setdefault(chapter, []).append(HeardChunk(chapter, start_s, seconds, text))
        self.report.chunks += 1
        self.report.audio_seconds += seconds
        self.report.seconds += time.perf_counter() - started

    def finish(self, chapters: list[ChapterText]) -> VerifyReport:
        """Compare every chapter heard with its text."""
        started = time.perf_counter()
        for chapter in chapters:
            if not chapter.language.startswith("en"):
                self.report.unchecked.append(chapter.number)
                continue
            self.report.suspects.extend(compare_chapter(
                chapter.number, chapter.title, chapter.text, self.heard.get(chapter.number, []),
                chapter.normalize, self.lexicon, chapter.phonemize,
            ))
        self.report.seconds += time.perf_counter() - started
        return self.report


def write_report(report: VerifyReport, path: Path, book: str) -> None:
    """The report as Markdown, or JSON for a path ending in ``.json``."""
    if path.suffix.lower() == ".json":
        text = json.dumps(report.as_json(), indent=2, ensure_ascii=False) + "\n"
    else:
        text = report.markdown(book)
    with atomic_write(path) as handle:
        handle.write(text.encode("utf-8"))


__all__ = ["CAUSES", "ChapterText", "Proofreader", "VerifyReport", "write_report"]
