"""The values a book conversion takes and gives, stage by stage.

``convert`` (book/run.py) is four stages, each a function from these values to the next:

    BookOptions, chapters -> plan -> BookPlan          book/plan.py
    BookPlan -> synthesize -> Synthesis                book/synthesize.py
    BookPlan -> assemble -> Assembly                   book/assemble.py
    BookPlan, Assembly -> encode -> Encoded            book/encode.py
    BookPlan, Synthesis, Assembly, Encoded -> BookResult

and the progress callbacks the CLI draws (:class:`Reporter`).
"""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from litetts_cli.assemble import DEFAULT_TARGET_LUFS, PauseProfile
from litetts_cli.book.timing import BookTiming
from litetts_cli.config import Settings
from litetts_cli.encode import DEFAULT_BITRATE
from litetts_cli.engine.chunking import Chunk
from litetts_cli.engine.jobs import ChunkJob, ChunkResult
from litetts_cli.engine.voices import Voice
from litetts_cli.ingest import Document
from litetts_cli.ingest.reading import WORDS_PER_SECOND  # noqa: F401  (re-exported: the book API)
from litetts_cli.normalize.dialogue import Cast
from litetts_cli.speech import Speaker
from litetts_cli.store.cache import AudioCache
from litetts_cli.verify.proofread import VerifyReport


@dataclass
class PlannedChapter:
    number: int
    """1-based, as `--list-chapters` shows it."""
    title: str
    words: int
    chunks: list[Chunk] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    speaker: Speaker | None = None
    """Who reads it: its voice and language (chapters of a book may differ)."""
    chunk_speakers: list[Speaker] | None = None
    """Who reads each chunk when that differs within the chapter (dialogue voices);
    None: ``speaker`` reads them all."""
    spoken: str = ""
    """The text read, as written (title and paragraphs, before normalization): what
    ``--verify`` compares the audio with."""

    def speaker_at(self, position: int) -> Speaker | None:
        """The speaker of ``chunks[position]``."""
        return self.chunk_speakers[position] if self.chunk_speakers is not None else self.speaker

    @property
    def tokens(self) -> int:
        return sum(c.token_count for c in self.chunks)


@dataclass(frozen=True)
class BookOptions:
    output: Path
    """The audiobook file, or the folder for ``split_chapters``."""
    fmt: str = "m4b"
    split_chapters: bool = False
    subtitles: str | None = None
    """"srt" or "vtt": sentence subtitles next to the output."""
    subtitle_words: bool = False
    """Also word-level cues (``<output>.words.srt``) in the ``subtitles`` format."""
    timestamps: str | None = None
    """"json": word and sentence start/end times in ``<output>.timestamps.json``."""
    workers: int | None = None
    threads: int | None = None
    target_lufs: float | None = DEFAULT_TARGET_LUFS
    """EBU R128 integrated loudness of the result; None leaves levels as synthesized."""
    use_cache: bool = True
    bitrate: str = DEFAULT_BITRATE
    pauses: PauseProfile = field(default_factory=PauseProfile)
    cluster: str | None = None
    """A Ray cluster to synthesize on (``ray://HOST:PORT``, ``HOST:PORT`` or ``auto``); None is local."""
    dialogue: Cast | None = None
    """Quoted speech in other voices (``--dialogue-voice``, ``--voices-file``); None reads all in one."""
    verify: bool = False
    """Transcribe every chunk with Whisper and report passages that sound unlike the text."""
    gpus_per_actor: float | None = None
    """The share of a GPU each Ray actor asks for when the engines run on GPUs (None: 0.25)."""


@dataclass
class ChapterReport:
    number: int
    title: str
    words: int
    chunks: int
    reused: int = 0
    audio_seconds: float = 0.0
    start_seconds: float = 0.0
    suspects: list[str] = field(default_factory=list)


@dataclass
class BookResult:
    outputs: list[Path]
    chapters: list[ChapterReport]
    audio_seconds: float
    wall_seconds: float
    synthesized: int
    reused: int
    retried: int
    loudness_lufs: float | None
    gain_db: float
    subtitles: Path | None
    workers: int
    threads: int
    worker_rss: dict[int, tuple[int, int]]
    """Worker pid -> (RSS after its first chunk, RSS after its last), bytes."""
    timing: BookTiming | None = None
    """How subtitles and timestamps were timed (exact from the model, or estimated)."""
    timing_files: list[Path] = field(default_factory=list)
    """Word subtitles and timestamps written besides ``subtitles``."""
    verify: VerifyReport | None = None
    """The proofreading pass's suspect passages (``--verify``)."""
    stages: dict[str, float] = field(default_factory=dict)
    """Pipelined (GPU) runs: when each stage ended, seconds from the start."""


class Reporter(Protocol):
    """Progress callbacks; the CLI draws them, tests may record them."""

    def planned(self, chapters: list[PlannedChapter], reused: int, workers: int, threads: int) -> None: ...
    def chunk_done(self, chapter: int, audio_seconds: float) -> None: ...
    def phase(self, name: str) -> None: ...


class SilentReporter:
    def planned(self, chapters, reused, workers, threads) -> None:
        pass

    def chunk_done(self, chapter, audio_seconds) -> None:
        pass

    def phase(self, name) -> None:
        pass


@dataclass
class BookPlan:
    """A planned book waiting for its chunks: what synthesis feeds and assembly reads.

    ``jobs`` are the chunks the cache lacks, with their chapter numbers. Once they are
    all in the cache the book is assembled and encoded. ``litetts batch`` holds many at
    once, one pool feeding them all.
    """

    document: Document
    options: BookOptions
    settings: Settings
    planned: list[PlannedChapter]
    planner: Speaker
    """The first chapter's speaker (its voice names the narrator)."""
    voices: dict[str, Voice]
    """Every voice the book's chapters are read in, by name."""
    reports: dict[int, ChapterReport]
    """Per chapter, as planned: words, chunks, chunks found in the cache."""
    jobs: list[tuple[int, ChunkJob]]
    cache: AudioCache
    model_file: Path
    started: float
    private_cache: Path | None = None

    @property
    def reused(self) -> int:
        return sum(r.reused for r in self.reports.values())

    def release(self) -> None:
        self.cache.record_counters()
        if self.private_cache is not None:
            shutil.rmtree(self.private_cache, ignore_errors=True)


@dataclass
class Synthesis:
    """What synthesis did for a book; afterwards every chunk of it is in the cache."""

    workers: int
    threads: int
    synthesized: int = 0
    retried: int = 0
    suspects: list[tuple[int, str]] = field(default_factory=list)
    """(chapter, "chunk N: why") for chunks still suspect after their retries."""
    worker_rss: dict[int, tuple[int, int]] = field(default_factory=dict)
    """Worker pid -> (RSS after its first chunk, RSS after its last), bytes."""

    def record(self, chapter: int, result: ChunkResult) -> None:
        """Count one synthesized chunk of ``chapter`` (its audio is in the cache)."""
        self.synthesized += 1
        if result.status == "retried":
            self.retried += 1
        elif result.status == "suspect":
            self.suspects.append((chapter, f"chunk {result.id}: {result.detail}"))


@dataclass(frozen=True)
class Assembly:
    """The stitched book's loudness, measured on a first pass over the cached chunks.

    The stitched audio itself is never held: encoding stitches the chunks again, in the
    same order, as it writes, so memory stays flat however long the book is.
    """

    gain: float
    """Linear gain to the target loudness (1.0 without one); the limiter holds the peaks."""
    loudness_lufs: float | None
    """Integrated loudness as synthesized; None when not measured or silent."""

    @property
    def gain_db(self) -> float:
        return float(20 * math.log10(self.gain)) if self.gain > 0 else 0.0


@dataclass(frozen=True)
class ChapterSpan:
    start_seconds: float
    """Where the chapter starts in its file (0 in a file of its own)."""
    end_seconds: float

    @property
    def audio_seconds(self) -> float:
        return self.end_seconds - self.start_seconds


@dataclass
class Encoded:
    """The files written, and when each chapter and sentence is heard in them."""

    outputs: list[Path]
    chapters: dict[int, ChapterSpan]
    """Per chapter number: its start in its file and its length."""
    timing: BookTiming | None
    """None where nothing was timed (the pipelined GPU path)."""
    subtitles: Path | None = None
    timing_files: list[Path] = field(default_factory=list)
    verify: VerifyReport | None = None
